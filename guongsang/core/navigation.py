"""Navigation by role: each entry shows for the roles that use it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    superuser_only: bool = False


# Later apps add their entries here (worklists, councils, stories…), each with its roles.
NAV_ITEMS = [
    NavItem(_("Trang chủ"), "home"),
    NavItem(_("Việc cần làm"), "nominations:worklist", frozenset({Role.OFFICER, Role.APPRAISER, Role.HEAD})),
    NavItem(_("Hồ sơ đề nghị"), "nominations:list"),
    NavItem(
        _("Hội đồng TĐKT"),
        "councils:list",
        frozenset({Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.APPRAISER, Role.HEAD, Role.UNIT_ADMIN}),
    ),
    NavItem(_("Tin báo NTVT"), "discovery:reports", frozenset({Role.OFFICER, Role.APPRAISER, Role.HEAD})),
    NavItem(_("Cuộc thi viết"), "contest:index"),
    NavItem(_("Đơn vị"), "orgs:browse"),
    NavItem(_("Cụm thi đua"), "orgs:clusters"),
    NavItem(
        _("Người được đề xuất"),
        "nominees:list",
        frozenset({Role.OFFICER, Role.APPRAISER, Role.HEAD, Role.UNIT_ADMIN}),
    ),
    NavItem(_("Phong trào thi đua"), "movements:list"),
    NavItem(_("Người dùng"), "accounts:manage", frozenset({Role.UNIT_ADMIN})),
    NavItem(_("Quyết định, sổ khen thưởng"), "awards:decisions"),
    NavItem(
        _("Bài viết tuyên truyền"), "stories:list", frozenset({Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN})
    ),
    NavItem(
        _("Tuyên truyền tuần"),
        "stories:weekly_list",
        frozenset({Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN, Role.HEAD}),
    ),
    NavItem(
        _("Báo chí"), "stories:press_log", frozenset({Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN, Role.HEAD})
    ),
    NavItem(_("Sách"), "books:list", frozenset({Role.EDITOR})),
    NavItem(_("Danh hiệu"), "awards:catalogue"),
    NavItem(_("Tác vụ nền"), "core:jobs"),
    NavItem(_("Tài liệu API"), "api-1.0.0:openapi-view", frozenset({Role.UNIT_ADMIN})),
    NavItem(_("Quản trị hệ thống"), "admin:index", frozenset({Role.UNIT_ADMIN})),
]


def _roles_held(user) -> frozenset[str] | None:
    """The roles the user holds today on any unit; ``None`` for a superuser (every entry)."""
    if user.is_superuser:
        return None
    if not user.is_authenticated:
        return frozenset()
    return frozenset(user.memberships.active().values_list("role", flat=True))


def navigation_for(request) -> list[dict]:
    user = request.user
    path = request.path
    items = []
    # One query for the user's roles, not one per entry: the menu is on every page.
    held = _roles_held(user)
    for item in NAV_ITEMS:
        if item.roles is not None and held is not None and not (held & item.roles):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "current": False})
    # The entry whose address is the longest prefix of the page's is the current one: the award
    # catalogue (/khen-thuong/) must not light up on a decision page (/khen-thuong/quyet-dinh/).
    matches = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items
