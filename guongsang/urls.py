"""Root URLs: the pages in Vietnamese paths, the admin, and the API under /api/v1/."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.views.static import serve

from guongsang.accounts import views as accounts_views
from guongsang.api import api, not_found
from guongsang.awards import views as awards_views
from guongsang.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("chon-don-vi/", accounts_views.switch_unit, name="switch_unit"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("guongsang.core.urls")),
    path("don-vi/", include("guongsang.orgs.urls")),
    path("nguoi-dung/", include("guongsang.accounts.urls")),
    path("nguoi-duoc-de-xuat/", include("guongsang.nominees.urls")),
    path("phong-trao/", include("guongsang.movements.urls")),
    path("khen-thuong/", include("guongsang.awards.urls")),
    # Tips: /bao-tin/ (public) and /ho-so/tin-bao/ (officers), ahead of the dossiers' /ho-so/.
    path("", include("guongsang.discovery.urls")),
    path("ho-so/", include("guongsang.nominations.urls")),
    path("hoi-dong/", include("guongsang.councils.urls")),
    path("xac-minh/<str:code>/", awards_views.verify, name="verify"),
    path("bai-viet/", include("guongsang.stories.urls")),
    path("sach/", include("guongsang.books.urls")),
    path("tin-tuc/", include("guongsang.portal.urls")),
    path("cuoc-thi/", include("guongsang.contest.urls")),
    path("chi-tieu/", include("guongsang.targets.urls")),
    # An index of sections, each paged at its sitemap's ``limit``: one file would stop at the limit.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
    # Any rest of the path, newlines included ("." alone stops at one, and the path would fall
    # through to the site's HTML 404 page).
    re_path(r"^api/v1/(?P<path>(?s:.*))$", not_found),
]

if settings.DEBUG:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
