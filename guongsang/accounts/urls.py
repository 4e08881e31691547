from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("don-vi/<int:unit_id>/", views.unit_members, name="unit_members"),
    path("doi-mat-khau/", views.PasswordChange.as_view(), name="password_change"),
    path("vai-tro/<int:membership_id>/thu-hoi/", views.end_membership, name="end_membership"),
]
