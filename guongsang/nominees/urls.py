from django.urls import path

from . import views

app_name = "nominees"

urlpatterns = [
    path("", views.nominee_list, name="list"),
    path("them/", views.nominee_create, name="create"),
    path("kiem-tra-trung/", views.check_duplicates, name="check_duplicates"),
    path("nhap-excel/", views.import_list, name="import"),
    path("mau-excel/", views.import_template, name="template"),
    path("xuat-excel/", views.export_list, name="export"),
    path("<int:nominee_id>/", views.nominee_detail, name="detail"),
    path("<int:nominee_id>/sua/", views.nominee_edit, name="edit"),
    path("<int:nominee_id>/anh/", views.photo, name="photo"),
    path("<int:nominee_id>/cccd/", views.reveal_cccd, name="reveal_cccd"),
    path("<int:nominee_id>/xem/<str:field>/", views.reveal, name="reveal"),
    path("<int:nominee_id>/dong-y/", views.add_consent, name="add_consent"),
    path(
        "<int:nominee_id>/dong-y/<int:consent_id>/rut-lai/", views.withdraw_consent, name="withdraw_consent"
    ),
    path("<int:nominee_id>/hop-nhat/", views.merge, name="merge"),
]
