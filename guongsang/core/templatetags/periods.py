"""``{{ unit.valid_to|last_day|date:"SHORT_DATE_FORMAT" }}``: a stored end shown as the last day in
force (see ``core.periods``)."""

from django import template

from guongsang.core import periods

register = template.Library()


@register.filter
def last_day(end):
    """The last day in force of a period whose stored end is ``end``."""
    return periods.last_day(end)
