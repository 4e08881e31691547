"""The public contest pages (no login): contests, the entry form, tracking, results."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:contest_id>/gui-bai/", views.submit, name="submit"),
    path("da-gui/<str:code>/", views.sent, name="sent"),
    path("tra-cuu/", views.status, name="status"),
    path("<int:contest_id>/ket-qua/", views.results, name="results"),
]
