from django.urls import path

from . import api

app_name = "fees_api"
urlpatterns = [
    path("calculators/litigation-fee", api.LitigationFeeView.as_view(), name="litigation_fee"),
]
