"""The public column under ``/tin-tuc/`` (no login)."""

from django.urls import path

from . import feeds, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("nguoi-tot-viec-tot/", views.column, name="column"),
    path("bai-viet/<int:story_id>/", views.story, name="story_short"),
    path("bai-viet/<int:story_id>/<slug:slug>/", views.story, name="story"),
    path("don-vi/<int:unit_id>/", views.unit_page, name="unit"),
    path("don-vi/<int:unit_id>/rss/", feeds.UnitFeed(), name="unit_rss"),
    path("don-vi/<int:unit_id>/atom/", feeds.UnitAtomFeed(), name="unit_atom"),
    path("don-vi/<int:unit_id>/nhung/", views.embed, name="embed"),
    path("guong-sang/", views.exemplars, name="exemplars"),
    path("guong-sang/<int:nominee_id>/", views.exemplar, name="exemplar"),
    path("guong-sang/<int:nominee_id>/anh/", views.exemplar_photo, name="exemplar_photo"),
    path("tim-kiem/", views.search, name="search"),
    path("sach/", views.book_list, name="books"),
    path("sach/<int:edition_id>/<str:kind>/", views.book_download, name="book_download"),
]
