from django.urls import path

from . import views
from .selectors import KINDS

app_name = "alerts"
urlpatterns = [
    path("", views.index, name="index"),
    *[path(f"{key}/", views.queue, {"kind": key}, name=key) for key in KINDS],
]
