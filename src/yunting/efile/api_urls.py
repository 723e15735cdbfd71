from django.urls import path

from . import api

app_name = "efile_api"
urlpatterns = [
    path("efile/search/", api.search, name="search"),
    path("efile/cases/<uuid:case_id>/<slug:kind>/", api.volume_catalogue, name="volume"),
]
