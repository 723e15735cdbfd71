from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/proof.json", views.verify_proof_json, name="verify_proof_json"),
    path("verify/bundle/", views.verify_bundle_page, name="verify_bundle"),
    path("verify/bundle.json", views.verify_bundle_json, name="verify_bundle_json"),
    path("events/", views.events, name="events"),
    path("chain/", views.chain, name="chain"),
]
