from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="my_cases"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/reassign/", views.case_reassign_view, name="reassign"),
]
