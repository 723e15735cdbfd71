from django.urls import path

from . import api

app_name = "ledger_api"
urlpatterns = [
    path("ledger/sth", api.SignedTreeHeadView.as_view(), name="sth"),
    path("ledger/proof/inclusion", api.InclusionProofView.as_view(), name="inclusion"),
    path("ledger/proof/consistency", api.ConsistencyProofView.as_view(), name="consistency"),
    path("ledger/keys", api.PublicKeysView.as_view(), name="keys"),
    path("ledger/checkpoint", api.CheckpointTextView.as_view(), name="checkpoint"),
    path("ledger/checkpoint/<int:size>", api.CheckpointAtView.as_view(), name="checkpoint_at"),
    path("ledger/witness/checkpoint", api.WitnessCheckpointView.as_view(), name="witness_cp"),
    path("ledger/witness/cosignatures", api.CosignatureView.as_view(), name="cosignatures"),
    path("ledger/witness/alarms", api.AlarmView.as_view(), name="alarms"),
    path("ledger/witnesses", api.WitnessListView.as_view(), name="witnesses"),
    path("institution/deposits", api.DepositCreateView.as_view(), name="deposits"),
    path("institution/deposits/batch", api.DepositBatchView.as_view(), name="deposits_batch"),
    path("institution/deposits/<str:id>", api.DepositDetailView.as_view(), name="deposit"),
]
