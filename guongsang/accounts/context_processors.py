"""Template context for the unit switcher: the signed-in user's memberships."""

from .selectors import memberships_of


def memberships(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def mine():
        return list(memberships_of(user))

    # A callable: templates evaluate it only when a page shows the switcher.
    return {"my_memberships": mine}
