"""Pages of tips, at the paths they have always had: the public ones under ``/bao-tin/`` (no
login) and the officers' ones under ``/ho-so/tin-bao/``. Mounted at the site's root."""

from django.urls import include, path

from . import views

app_name = "discovery"

public_patterns = [
    path("", views.public_form, name="public_form"),
    path("xa-phuong/", views.public_communes, name="public_communes"),
    path("da-gui/<str:code>/", views.public_sent, name="public_sent"),
    path("tra-cuu/", views.public_status, name="public_status"),
]

officer_patterns = [
    path("", views.report_list, name="reports"),
    path("<int:report_id>/", views.report_detail, name="report"),
    path("<int:report_id>/chap-nhan/", views.report_accept, name="report_accept"),
    path("<int:report_id>/tu-choi/", views.report_decline, name="report_decline"),
    path("tep/<int:file_id>/", views.report_file, name="report_file"),
]

urlpatterns = [
    path("bao-tin/", include(public_patterns)),
    path("ho-so/tin-bao/", include(officer_patterns)),
]
