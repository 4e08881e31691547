from django.urls import path

from . import views

app_name = "books"

urlpatterns = [
    path("", views.edition_list, name="list"),
    path("<int:edition_id>/", views.detail, name="detail"),
    path("<int:edition_id>/chon-bai/", views.choose, name="choose"),
    path("<int:edition_id>/bia/", views.cover, name="cover"),
    path("<int:edition_id>/anh-bia/", views.cover_image, name="cover_image"),
    path("<int:edition_id>/dung-sach/", views.build, name="build"),
    path("<int:edition_id>/tai-ve/<str:kind>/", views.download, name="download"),
    path("bai/<int:entry_id>/<slug:action>/", views.entry_action, name="entry"),
]
