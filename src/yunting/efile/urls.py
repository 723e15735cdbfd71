from django.urls import path

from . import views

app_name = "efile"
urlpatterns = [
    path("", views.my_files, name="my_files"),
    path("search/", views.search, name="search"),
    path("case/<uuid:case_id>/", views.case_efile, name="case"),
    path("case/<uuid:case_id>/upload/", views.upload, name="upload"),
    path("case/<uuid:case_id>/archive/", views.archive, name="archive"),
    path("case/<uuid:case_id>/borrow/", views.borrow, name="borrow"),
    path("case/<uuid:case_id>/<slug:kind>/", views.volume, name="volume"),
    path("item/<uuid:item_id>/", views.item_view, name="item"),
    path("item/<uuid:item_id>/status/", views.item_status, name="item_status"),
    path("item/<uuid:item_id>/page/<int:page>.png", views.page_image, name="page_image"),
    path("item/<uuid:item_id>/download/", views.download, name="download"),
    path("item/<uuid:item_id>/move/", views.move, name="move"),
    path("item/<uuid:item_id>/reclassify/", views.reclassify, name="reclassify"),
    path("item/<uuid:item_id>/split/", views.split, name="split"),
    path("item/<uuid:item_id>/merge/", views.merge, name="merge"),
]
