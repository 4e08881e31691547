from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/<int:unit_id>/", views.dashboard, name="dashboard"),
    path("don-vi/<int:unit_id>/xuat-excel/", views.export, name="export"),
]
