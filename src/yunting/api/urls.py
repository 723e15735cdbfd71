from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from yunting.fees.api import LitigationFeeView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/me", views.MeView.as_view(), name="me"),
    path(
        "v1/calculators/litigation-fee",
        LitigationFeeView.as_view(),
        name="litigation_fee",
    ),
]
