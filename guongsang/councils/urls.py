from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="list"),
    path("<int:council_id>/", views.council_detail, name="council"),
    path("lap-hoi-dong/", views.create_council, name="create"),
    path("<int:council_id>/sua/", views.edit_council, name="edit"),
    path("<int:council_id>/thanh-vien/", views.add_member, name="add_member"),
    path("<int:council_id>/thanh-vien/<int:member_id>/thoi-giu-chuc/", views.end_member, name="end_member"),
    path("<int:council_id>/len-lich/", views.schedule, name="schedule"),
    path("phien-hop/<int:session_id>/", views.session_detail, name="session"),
    path("phien-hop/<int:session_id>/chuong-trinh/", views.agenda_add, name="agenda_add"),
    path("phien-hop/<int:session_id>/diem-danh/", views.attendance, name="attendance"),
    path("phien-hop/<int:session_id>/bien-ban.docx", views.minutes, name="minutes"),
    path("phien-hop/<int:session_id>/thao-tac/<slug:action>/", views.session_action, name="action"),
    path("bieu-quyet/<int:item_id>/", views.vote, name="vote"),
    path("phien-hop/<int:session_id>/y-kien-van-ban/", views.written_opinion, name="written_any"),
]
