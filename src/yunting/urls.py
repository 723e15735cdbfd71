from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from yunting.api.urls import V1
from yunting.portal.views import front_door

urlpatterns = [
    path("", front_door, name="home"),
    path("", include("yunting.core.urls")),
    path("accounts/", include("yunting.accounts.urls")),
    path("portal/", include("yunting.portal.urls")),
    path("fees/", include("yunting.fees.urls")),
    path("filing/", include("yunting.filing.urls")),
    path("cases/", include("yunting.cases.urls")),
    path("workbench/warnings/", include("yunting.alerts.urls")),
    path("workbench/", include("yunting.workbench.urls")),
    path("ledger/", include("yunting.ledger.urls")),
    path("documents/", include("yunting.documents.urls")),
    path("efile/", include("yunting.efile.urls")),
    path("service/", include("yunting.service.urls")),
    path("s/", include("yunting.service.link_urls")),
    path("judgments/", include("yunting.judgments.urls")),
    path("hearings/", include("yunting.hearings.urls")),
    path("evidence/", include("yunting.evidence.urls")),
    path("mediation/", include("yunting.mediation.urls")),
    path("judgments-online/", include("yunting.publication.urls")),
    path("stats/", include("yunting.stats.urls")),
    path("institution/", include("yunting.institutions.urls")),
    path("api/", include("yunting.api.urls")),
    *[path("api/v1/", include(module)) for module in V1],
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
# Stored files (complaints, powers of attorney, receipts) are never served as static media, not
# even with DEBUG on: only views that check the reader open them (see docs/architecture.md).
