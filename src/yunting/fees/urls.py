from django.urls import path

from . import views

app_name = "fees"
urlpatterns = [
    path("calculator/", views.fee_calculator, name="calculator"),
]
