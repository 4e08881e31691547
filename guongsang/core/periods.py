"""Periods of validity: how their end is stored, and how people read and type it.

A period is stored half-open: its end (``OrgUnit.valid_to``, ``Membership.valid_to``,
``CouncilMember.valid_to``, ``Council.term_end``) is the first day no longer in force. A merge
effective on 01/07/2025 ends the old ward with ``valid_to = 01/07/2025``, the day its successor
starts, so periods chain without gaps or overlaps and "in force on d" is one comparison
(``start <= d < end``) in every query.

People read and type the *last* day in force ("đến hết ngày 30/06/2025"), as decisions word it.
Every page, form and API field that shows or accepts an end goes through this module, and
nowhere else adds or subtracts the day.
"""

from __future__ import annotations

import datetime as dt

from django import forms

ONE_DAY = dt.timedelta(days=1)


def last_day(end: dt.date | None) -> dt.date | None:
    """The last day in force of a period whose stored end is ``end`` (None: open-ended)."""
    return end - ONE_DAY if end else None


def end_after(last: dt.date | None) -> dt.date | None:
    """The stored end of a period whose last day in force is ``last`` (None: open-ended)."""
    return last + ONE_DAY if last else None


def in_force(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether a period from ``start`` (inclusive) to the stored ``end`` includes ``day``."""
    return (start is None or start <= day) and (end is None or day < end)


class LastDayField(forms.DateField):
    """A date field where people type the last day in force; ``cleaned_data`` holds the stored end.

    A form's ``initial`` holds the stored end too, and is shown as the last day.
    """

    def prepare_value(self, value):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return super().prepare_value(last_day(value))
        return super().prepare_value(value)

    def to_python(self, value):
        return end_after(super().to_python(value))

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True
