"""Template context every page needs: navigation by role and the bell (the unit switcher's
memberships come from ``accounts.context_processors``)."""

from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_url": settings.SITE_URL}

    def nav():
        from guongsang.core.navigation import navigation_for

        return navigation_for(request)

    def unread():
        return user.notifications.filter(read_at__isnull=True).count()

    # Callables: templates evaluate them only when a page uses them.
    return {
        "site_url": settings.SITE_URL,
        "nav_items": nav,
        "unread_count": unread,
    }
