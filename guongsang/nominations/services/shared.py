"""What every change of a dossier shares: the claim on the version the actor saw, the errors it
raises, and the timeline event.

Two officers acting on one dossier at once: every change names the ``version`` it was made on,
and the write claims the dossier with a conditional UPDATE on (id, version, status). The second
finds nothing to claim and is told the dossier changed; nothing is overwritten.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import Nomination, NominationEvent

Status = Nomination.Status


class TransitionRefused(ValidationError):
    """The dossier is not in a state from which this change may be made."""


class StaleDossier(ValidationError):
    """Someone else changed the dossier since the actor loaded it."""


def _event(
    nomination: Nomination,
    actor,
    action: str,
    from_status: str = "",
    note: str = "",
    *,
    occurred_on=None,
    entry_reason: str = "",
) -> NominationEvent:
    return NominationEvent.objects.create(
        nomination=nomination,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=nomination.status,
        note=note,
        occurred_on=occurred_on,
        entry_reason=entry_reason,
    )


def _claim(nomination: Nomination, version: int | None, sources) -> Nomination:
    """Take the dossier for one change: bump its version if it is still at ``version`` (the one
    the actor saw) and in one of ``sources``; the row lock holds until the transaction ends."""
    expected = nomination.version if version is None else version
    claimed = Nomination.objects.filter(pk=nomination.pk, version=expected, status__in=list(sources)).update(
        version=F("version") + 1
    )
    if not claimed:
        current = Nomination.objects.filter(pk=nomination.pk).values_list("status", "version").first()
        if current is not None and current[1] == expected:
            raise TransitionRefused(
                _("Hồ sơ đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
                % {"status": Status(current[0]).label},
                code="transition_not_allowed",
            )
        raise StaleDossier(
            _(
                "Hồ sơ vừa được người khác cập nhật. "
                "Vui lòng tải lại trang để xem thay đổi mới nhất rồi thao tác lại."
            ),
            code="conflict",
        )
    return Nomination.objects.select_related(
        "nominee", "award_type", "submitting_unit", "receiving_unit", "rule"
    ).get(pk=nomination.pk)


def _claim_for_content(nomination: Nomination, version: int | None, sources, refused: str) -> Nomination:
    """Claim the dossier for a change of its content (a file, the checklist), as ``_claim`` does
    for a state change, with ``refused`` as the message when its state no longer allows it.

    Once the change is written, the service gives the caller's instance the new version, so it
    can go on to its next step (upload the next file, submit) without reloading; anyone else
    holding the old version is told the dossier changed instead of overwriting what was written.
    """
    try:
        return _claim(nomination, version, sources)
    except TransitionRefused as exc:
        raise TransitionRefused(refused, code="transition_not_allowed") from exc
