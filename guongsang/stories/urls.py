from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("viet-bai/", views.create, name="create"),
    path("<int:story_id>/", views.detail, name="detail"),
    path("<int:story_id>/sua/", views.edit, name="edit"),
    path("<int:story_id>/chuyen/<slug:name>/", views.do_transition, name="transition"),
    path("<int:story_id>/noi-bat/", views.feature, name="feature"),
    path("<int:story_id>/anh/", views.add_photo, name="add_photo"),
    path("anh/<int:photo_id>/xoa/", views.remove_photo, name="remove_photo"),
    path("bao-chi/", views.press_log, name="press_log"),
    path("bao-chi/xuat-excel/", views.press_log_export, name="press_log_export"),
    path("bao-chi/<int:nominee_id>/", views.coverage, name="coverage"),
    path("bao-chi/bai/<int:coverage_id>/xoa/", views.press_remove, name="press_remove"),
    path("tuyen-truyen-tuan/", views.weekly_list, name="weekly_list"),
    path("tuyen-truyen-tuan/<int:selection_id>/", views.weekly_detail, name="weekly"),
    path("tuyen-truyen-tuan/<int:selection_id>/ban-hanh/", views.weekly_issue, name="weekly_issue"),
    path("tuyen-truyen-tuan/<int:selection_id>/cong-van.docx", views.weekly_docx, name="weekly_docx"),
    path("tuyen-truyen-tuan/<int:selection_id>/ket-qua/", views.weekly_report, name="weekly_report"),
]
