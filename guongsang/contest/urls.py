"""Contest pages under ``/cuoc-thi/``: the public ones (``public_urls``), the organisers' and the
judges'. One namespace, ``contest``."""

from django.urls import include, path

from . import views

app_name = "contest"

urlpatterns = [
    path("", include("guongsang.contest.public_urls")),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/tao-moi/", views.contest_create, name="create"),
    path("quan-ly/<int:contest_id>/", views.detail, name="detail"),
    path("quan-ly/<int:contest_id>/sua/", views.contest_edit, name="edit"),
    path("quan-ly/<int:contest_id>/giai/", views.prizes, name="prizes"),
    path("quan-ly/<int:contest_id>/them-vong/", views.round_create, name="round_create"),
    path("quan-ly/<int:contest_id>/trang-thai/", views.set_status, name="set_status"),
    path("quan-ly/<int:contest_id>/bai/", views.entries, name="entries"),
    path("quan-ly/<int:contest_id>/xuat/<slug:kind>/", views.export, name="export"),
    path("quan-ly/<int:contest_id>/trung-lap/", views.similarity, name="similarity"),
    path("quan-ly/<int:contest_id>/cong-bo/", views.publish, name="publish"),
    path("bai/<int:entry_id>/", views.entry, name="entry"),
    path("bai/<int:entry_id>/giay-chung-nhan.pdf", views.certificate, name="certificate"),
    path("bai/<int:entry_id>/anh/<int:photo_id>/", views.entry_photo, name="entry_photo"),
    path("bai/<int:entry_id>/<slug:action>/", views.entry_action, name="entry_action"),
    path("vong/<int:round_id>/", views.round_page, name="round"),
    path("vong/<int:round_id>/sua/", views.round_edit, name="round_edit"),
    path("vong/<int:round_id>/<slug:action>/", views.round_action, name="round_action"),
    path("giam-khao/", views.judge_home, name="judge_home"),
    path("giam-khao/vong/<int:round_id>/", views.judge_round, name="judge_round"),
    path("giam-khao/vong/<int:round_id>/xuat/", views.judge_export, name="judge_export"),
    path("giam-khao/vong/<int:round_id>/<str:code>/", views.judge_entry, name="judge_entry"),
]
