"""Audit on top of django-simple-history: naming the actor, and an object's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

_ACTIONS = {"+": _("Tạo mới"), "~": _("Thay đổi"), "-": _("Xoá")}


def audited(instance, actor):
    """Name the acting user on the history row the next save writes.

    simple_history reads the user from the request in views; services also run from the API,
    commands and tasks, so they always name the actor explicitly.
    """
    instance._history_user = actor
    return instance


@dataclass
class TimelineEntry:
    """One change of an object, as the timeline on its page shows it."""

    when: datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""


def _display(model, field_name: str, value) -> str:
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime):
        # In the user's time zone and format, like every other time on the page (history keeps UTC).
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        # Dates as the rest of the UI writes them (dd/mm/yyyy), not ISO.
        return formats.localize(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and model_field.related_model is not None:
        target = model_field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else str(value)
    return str(value)


def timeline(obj, limit: int = 50) -> list[TimelineEntry]:
    """The object's history, newest first, with what each change changed in readable form."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    # Bookkeeping columns a person has no use for on a timeline.
    hidden = {"name_folded", "full_name_folded", "path", "depth", "numchild", "version", "updated_at"}
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                label = str(model._meta.get_field(change.field).verbose_name)
                changes.append(
                    (
                        label,
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            TimelineEntry(
                when=record.history_date,
                who=str(user) if user else str(_("Hệ thống")),
                action=str(_ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
