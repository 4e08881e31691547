"""The current unit: which of the user's memberships the pages act for."""

from django.utils.functional import SimpleLazyObject

from .selectors import memberships_of

SESSION_KEY = "current_unit_id"


def _current(request):
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(memberships_of(user))
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    units = {m.unit_id: m.unit for m in memberships}
    return units.get(wanted) or memberships[0].unit


class CurrentUnitMiddleware:
    """Puts ``request.current_unit`` (lazily) on every request of a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_unit = SimpleLazyObject(lambda: _current(request))
        return self.get_response(request)
