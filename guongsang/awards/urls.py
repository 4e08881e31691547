from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:award_type_id>/", views.detail, name="detail"),
]
