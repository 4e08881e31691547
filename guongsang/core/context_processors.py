"""Template context every page needs: navigation by role, the unit switcher, the bell."""

from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_url": settings.SITE_URL}

    def nav():
        from guongsang.core.navigation import navigation_for

        return navigation_for(request)

    def memberships():
        from guongsang.accounts.selectors import memberships_of

        return list(memberships_of(user))

    def unread():
        return user.notifications.filter(read_at__isnull=True).count()

    # Callables: templates evaluate them only when a page uses them.
    return {
        "site_url": settings.SITE_URL,
        "nav_items": nav,
        "my_memberships": memberships,
        "unread_count": unread,
    }
