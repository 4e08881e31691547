"""The public pages of citizens' reports of good deeds (no login): ``/bao-tin/``."""

from django.urls import path

from . import report_views

app_name = "public_reports"

urlpatterns = [
    path("", report_views.public_form, name="form"),
    path("xa-phuong/", report_views.public_communes, name="communes"),
    path("da-gui/<str:code>/", report_views.public_sent, name="sent"),
    path("tra-cuu/", report_views.public_status, name="status"),
]
