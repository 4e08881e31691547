from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications_read"),
    path("viec/", views.jobs, name="jobs"),
    path("viec/<int:job_id>/", views.job_detail, name="job"),
    path("viec/<int:job_id>/tai-ve/", views.job_download, name="job_download"),
    path("viec/<int:job_id>/thu-lai/", views.job_retry, name="job_retry"),
]
