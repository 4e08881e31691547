"""Navigation by role: each entry shows for the roles that use it; the apps register them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    superuser_only: bool = False
    #: Where the entry sits in the menu, lowest first; apps space theirs by tens so that a new
    #: app's entry slots in between.
    order: int = 1000


#: The menu, in order. Each app registers its entries in its ``AppConfig.ready()`` (core knows
#: no app above it): see :func:`register`.
NAV_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    """Add entries to the menu (an entry for a URL name already there is not added twice)."""
    known = {item.url_name for item in NAV_ITEMS}
    NAV_ITEMS.extend(item for item in items if item.url_name not in known)
    NAV_ITEMS.sort(key=lambda item: item.order)


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
