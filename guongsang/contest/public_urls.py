"""The public contest pages (no login): contests, the entry form, tracking, results."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:contest_id>/gui-bai/", public.submit, name="submit"),
    path("da-gui/<str:code>/", public.sent, name="sent"),
    path("tra-cuu/", public.status, name="status"),
    path("<int:contest_id>/ket-qua/", public.results, name="results"),
]
