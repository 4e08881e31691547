"""Movement pages, mounted at ``phong-trao/``."""

from django.urls import path

from .views import criteria, movements, registrations

app_name = "movements"

urlpatterns = [
    path("", movements.movement_list, name="list"),
    path("phat-dong/", movements.movement_create, name="create"),
    path("<int:movement_id>/", movements.movement_detail, name="detail"),
    path("<int:movement_id>/sua/", movements.movement_edit, name="edit"),
    path("<int:movement_id>/tai-lieu/", movements.attachment_add, name="attachment_add"),
    path("<int:movement_id>/dang-ky/", registrations.register, name="register"),
    path(
        "<int:movement_id>/bo-tieu-chi/", criteria.movement_criteria_set_create, name="movement_criteria_set"
    ),
    path("tai-lieu/<int:attachment_id>/", movements.attachment_download, name="attachment"),
    path("tai-lieu/<int:attachment_id>/xoa/", movements.attachment_remove, name="attachment_remove"),
    path("dang-ky/<int:registration_id>/sua/", registrations.registration_update, name="registration_update"),
    path(
        "dang-ky/<int:registration_id>/duyet/",
        registrations.registration_approve,
        name="registration_approve",
    ),
    path(
        "dang-ky/<int:registration_id>/tu-choi/",
        registrations.registration_reject,
        name="registration_reject",
    ),
    path("tieu-chi/", criteria.criteria_sets, name="criteria_sets"),
    path("tieu-chi/<int:set_id>/", criteria.criteria_set_detail, name="criteria_set"),
    path("tieu-chi/<int:set_id>/them/", criteria.criterion_add, name="criterion_add"),
    path(
        "tieu-chi/muc/<int:criterion_id>/len/", criteria.criterion_move, {"offset": -1}, name="criterion_up"
    ),
    path(
        "tieu-chi/muc/<int:criterion_id>/xuong/",
        criteria.criterion_move,
        {"offset": 1},
        name="criterion_down",
    ),
    path("tieu-chi/muc/<int:criterion_id>/xoa/", criteria.criterion_remove, name="criterion_remove"),
]
