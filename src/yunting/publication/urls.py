from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("j/<uuid:publication_id>/", views.public_detail, name="public_detail"),
    path("j/<uuid:publication_id>/pdf", views.public_pdf, name="public_pdf"),
    path("review/", views.queue, name="queue"),
    path("review/start/<uuid:decision_id>", views.start, name="start"),
    path("review/<uuid:publication_id>/", views.review, name="review"),
    path("review/<uuid:publication_id>/act", views.act, name="act"),
]
