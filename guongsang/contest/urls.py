"""Contest pages under ``/cuoc-thi/``: the public ones (``public_urls``), the organisers' and the
judges'. One namespace, ``contest``."""

from django.urls import include, path

from .views import judges, organisers

app_name = "contest"

urlpatterns = [
    path("", include("guongsang.contest.public_urls")),
    path("quan-ly/", organisers.manage, name="manage"),
    path("quan-ly/tao-moi/", organisers.contest_create, name="create"),
    path("quan-ly/<int:contest_id>/", organisers.detail, name="detail"),
    path("quan-ly/<int:contest_id>/sua/", organisers.contest_edit, name="edit"),
    path("quan-ly/<int:contest_id>/giai/", organisers.prizes, name="prizes"),
    path("quan-ly/<int:contest_id>/them-vong/", organisers.round_create, name="round_create"),
    path("quan-ly/<int:contest_id>/trang-thai/", organisers.set_status, name="set_status"),
    path("quan-ly/<int:contest_id>/bai/", organisers.entries, name="entries"),
    path("quan-ly/<int:contest_id>/xuat/<slug:kind>/", organisers.export, name="export"),
    path("quan-ly/<int:contest_id>/trung-lap/", organisers.similarity, name="similarity"),
    path("quan-ly/<int:contest_id>/cong-bo/", organisers.publish, name="publish"),
    path("bai/<int:entry_id>/", organisers.entry, name="entry"),
    path("bai/<int:entry_id>/giay-chung-nhan.pdf", organisers.certificate, name="certificate"),
    path("bai/<int:entry_id>/anh/<int:photo_id>/", organisers.entry_photo, name="entry_photo"),
    path("bai/<int:entry_id>/<slug:action>/", organisers.entry_action, name="entry_action"),
    path("vong/<int:round_id>/", organisers.round_page, name="round"),
    path("vong/<int:round_id>/sua/", organisers.round_edit, name="round_edit"),
    path("vong/<int:round_id>/<slug:action>/", organisers.round_action, name="round_action"),
    path("giam-khao/", judges.judge_home, name="judge_home"),
    path("giam-khao/vong/<int:round_id>/", judges.judge_round, name="judge_round"),
    path("giam-khao/vong/<int:round_id>/xuat/", judges.judge_export, name="judge_export"),
    path("giam-khao/vong/<int:round_id>/<str:code>/", judges.judge_entry, name="judge_entry"),
]
