from django.urls import path

from . import excel_views, views

app_name = "nominations"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("viec-can-lam/", views.worklist, name="worklist"),
    path("han-nop/", views.deadlines, name="deadlines"),
    path("tao-moi/", views.create, name="create"),
    path("<int:nomination_id>/", views.detail, name="detail"),
    path("<int:nomination_id>/sua/", views.edit, name="edit"),
    path("<int:nomination_id>/tieu-chi/", views.save_criteria, name="criteria"),
    path("<int:nomination_id>/tai-lieu/", views.add_evidence, name="add_evidence"),
    path("<int:nomination_id>/chuyen/<slug:name>/", views.do_transition, name="transition"),
    path("tai-lieu/<int:evidence_id>/", views.download_evidence, name="evidence"),
    path("nhap-excel/", excel_views.import_dossiers, name="excel_import"),
    path("nhap-excel/viec/<int:job_id>/", excel_views.import_job, name="excel_import_job"),
    path("mau-excel/", excel_views.template, name="excel_template"),
    path("xuat-excel/", excel_views.export, name="excel_export"),
]
