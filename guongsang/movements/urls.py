"""Movement pages, mounted at ``phong-trao/``."""

from django.urls import path

from . import views

app_name = "movements"

urlpatterns = [
    path("", views.movement_list, name="list"),
    path("phat-dong/", views.movement_create, name="create"),
    path("<int:movement_id>/", views.movement_detail, name="detail"),
    path("<int:movement_id>/sua/", views.movement_edit, name="edit"),
    path("<int:movement_id>/tai-lieu/", views.attachment_add, name="attachment_add"),
    path("<int:movement_id>/dang-ky/", views.register, name="register"),
    path("<int:movement_id>/bo-tieu-chi/", views.movement_criteria_set_create, name="movement_criteria_set"),
    path("tai-lieu/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("tai-lieu/<int:attachment_id>/xoa/", views.attachment_remove, name="attachment_remove"),
    path("dang-ky/<int:registration_id>/sua/", views.registration_update, name="registration_update"),
    path("dang-ky/<int:registration_id>/duyet/", views.registration_approve, name="registration_approve"),
    path("dang-ky/<int:registration_id>/tu-choi/", views.registration_reject, name="registration_reject"),
    path("tieu-chi/", views.criteria_sets, name="criteria_sets"),
    path("tieu-chi/<int:set_id>/", views.criteria_set_detail, name="criteria_set"),
    path("tieu-chi/<int:set_id>/them/", views.criterion_add, name="criterion_add"),
    path("tieu-chi/muc/<int:criterion_id>/len/", views.criterion_move, {"offset": -1}, name="criterion_up"),
    path(
        "tieu-chi/muc/<int:criterion_id>/xuong/", views.criterion_move, {"offset": 1}, name="criterion_down"
    ),
    path("tieu-chi/muc/<int:criterion_id>/xoa/", views.criterion_remove, name="criterion_remove"),
]
