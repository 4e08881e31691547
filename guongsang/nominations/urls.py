from django.urls import path

from . import views

app_name = "nominations"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("viec-can-lam/", views.worklist, name="worklist"),
    path("tao-moi/", views.create, name="create"),
    path("<int:nomination_id>/", views.detail, name="detail"),
    path("<int:nomination_id>/sua/", views.edit, name="edit"),
    path("<int:nomination_id>/tieu-chi/", views.save_criteria, name="criteria"),
    path("<int:nomination_id>/tai-lieu/", views.add_evidence, name="add_evidence"),
    path("<int:nomination_id>/chuyen/<slug:name>/", views.do_transition, name="transition"),
    path("tai-lieu/<int:evidence_id>/", views.download_evidence, name="evidence"),
]
