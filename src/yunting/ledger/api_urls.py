from django.urls import path

from . import api

app_name = "ledger_api"
urlpatterns = [
    path("sth", api.SignedTreeHeadView.as_view(), name="sth"),
    path("proof/inclusion", api.InclusionProofView.as_view(), name="inclusion"),
    path("proof/consistency", api.ConsistencyProofView.as_view(), name="consistency"),
    path("keys", api.PublicKeysView.as_view(), name="keys"),
]
