from django.urls import path

from . import api

app_name = "evidence_api"
urlpatterns = [
    path("evidence/cases/<uuid:case_id>/items/", api.case_items, name="items"),
    path("evidence/cases/<uuid:case_id>/items/new/", api.item_create, name="item_create"),
    path("evidence/items/<uuid:item_id>/opinions/", api.opinion_create, name="opinion_create"),
    path("evidence/opinions/<uuid:opinion_id>/submit/", api.opinion_submit, name="opinion_submit"),
]
