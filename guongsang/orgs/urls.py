from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:unit_id>/truc-thuoc/", views.unit_children, name="children"),
    path("<int:unit_id>/them-truc-thuoc/", views.add_child, name="add_child"),
    path("<int:unit_id>/sua/", views.edit_unit, name="edit"),
    path("xuat-excel/", views.export_units, name="export"),
    path("cum-thi-dua/", views.clusters, name="clusters"),
    path("cum-thi-dua/<int:cluster_id>/", views.cluster_detail, name="cluster"),
]
