from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("yunting.core.urls")),
    path("accounts/", include("yunting.accounts.urls")),
    path("portal/", include("yunting.portal.urls")),
    path("fees/", include("yunting.fees.urls")),
    path("filing/", include("yunting.filing.urls")),
    path("cases/", include("yunting.cases.urls")),
    path("workbench/", include("yunting.workbench.urls")),
    path("ledger/", include("yunting.ledger.urls")),
    path("api/v1/ledger/", include("yunting.ledger.api_urls")),
    path("documents/", include("yunting.documents.urls")),
    path("api/v1/documents/", include("yunting.documents.api_urls")),
    path("api/", include("yunting.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
