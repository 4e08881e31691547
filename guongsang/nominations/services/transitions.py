"""A dossier's state changes: what each is (``TRANSITIONS``, and the council's and the decision's
``COUNCIL_TRANSITIONS``), which a user may make now, what each checks and sets on the dossier,
and whom it notifies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.accounts.selectors import people_reaching
from guongsang.awards.selectors import rule_in_force
from guongsang.core import past
from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.core.services import notify

from ..models import Nomination
from ..rules import APPRAISER_ROLES, PREPARER_ROLES
from .shared import Status, TransitionRefused, _claim, _event


@dataclass(frozen=True)
class Transition:
    """A state change of a dossier, as the UI and the API offer it."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    note_required: bool = False
    note_label: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", gettext_lazy("Gửi hồ sơ"), (Status.DRAFT,), Status.SUBMITTED, "submit"),
        Transition(
            "receive",
            gettext_lazy("Tiếp nhận, bắt đầu thẩm định"),
            (Status.SUBMITTED,),
            Status.UNDER_APPRAISAL,
            "appraise",
        ),
        Transition(
            "return_for_supplement",
            gettext_lazy("Trả lại để bổ sung"),
            (Status.UNDER_APPRAISAL,),
            Status.RETURNED,
            "appraise",
            True,
            gettext_lazy("Nội dung cần bổ sung"),
        ),
        Transition(
            "resubmit",
            gettext_lazy("Gửi lại sau khi bổ sung"),
            (Status.RETURNED,),
            Status.SUBMITTED,
            "submit",
        ),
        Transition(
            "appraise",
            gettext_lazy("Thẩm định đạt, chuyển Hội đồng"),
            (Status.UNDER_APPRAISAL,),
            Status.APPRAISED,
            "appraise",
            False,
            gettext_lazy("Ý kiến thẩm định"),
        ),
        Transition(
            "withdraw",
            gettext_lazy("Rút hồ sơ"),
            (Status.DRAFT, Status.SUBMITTED, Status.RETURNED),
            Status.WITHDRAWN,
            "withdraw",
            True,
            gettext_lazy("Lý do rút hồ sơ"),
        ),
    )
}


# Changes made by the council and the decision, through their own services (councils, awards):
# not offered as buttons on the dossier or through its transitions endpoint.
COUNCIL_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "place_on_agenda",
            gettext_lazy("Đưa vào phiên họp Hội đồng"),
            (Status.APPRAISED,),
            Status.IN_COUNCIL,
            "council",
        ),
        Transition(
            "remove_from_agenda",
            gettext_lazy("Rút khỏi phiên họp Hội đồng"),
            (Status.IN_COUNCIL,),
            Status.APPRAISED,
            "council",
        ),
        Transition(
            "council_pass",
            gettext_lazy("Hội đồng đề nghị khen thưởng"),
            (Status.IN_COUNCIL,),
            Status.PASSED,
            "council",
        ),
        Transition(
            "council_fail",
            gettext_lazy("Hội đồng không đề nghị"),
            (Status.IN_COUNCIL,),
            Status.FAILED,
            "council",
        ),
        Transition(
            "approve", gettext_lazy("Quyết định khen thưởng"), (Status.PASSED,), Status.APPROVED, "decide"
        ),
        Transition(
            "reject",
            gettext_lazy("Quyết định không khen thưởng"),
            (Status.PASSED,),
            Status.REJECTED,
            "decide",
            True,
            gettext_lazy("Lý do"),
        ),
    )
}
# Where the rules need no council, the appraiser sends the dossier straight to the head.
TRANSITIONS["skip_council"] = Transition(
    "skip_council",
    gettext_lazy("Trình thủ trưởng quyết định (không qua Hội đồng)"),
    (Status.APPRAISED,),
    Status.PASSED,
    "appraise",
)


def available_transitions(user, nomination: Nomination) -> list[Transition]:
    """The changes ``user`` may make to ``nomination`` now (for the buttons on its page)."""
    return [
        t
        for t in TRANSITIONS.values()
        if nomination.status in t.sources
        and can(user, t.permission, nomination)
        and (
            t.name != "skip_council" or (nomination.rule is not None and not nomination.rule.council_required)
        )
    ]


def _on_receive(nomination: Nomination, moment: dt.datetime) -> None:
    # The rules in force on the day of receipt stay the dossier's rules, even when it comes back
    # after a supplement or the law changes meanwhile. A receipt entered later takes the rules
    # in force on its real day.
    day = timezone.localtime(moment).date()
    if nomination.submitted_at is not None and day < timezone.localtime(nomination.submitted_at).date():
        raise ValidationError(
            _("Ngày tiếp nhận %(day)s trước ngày gửi hồ sơ %(sent)s.")
            % {
                "day": day.strftime("%d/%m/%Y"),
                "sent": timezone.localtime(nomination.submitted_at).strftime("%d/%m/%Y"),
            },
            code="before_submission",
        )
    if nomination.rule_id is None:
        nomination.rule = rule_in_force(nomination.award_type, day)
    nomination.received_at = nomination.received_at or moment


def _exclusions(nomination: Nomination) -> list[str]:
    """Why the nominee cannot receive the award under the dossier's rules, if anything."""
    rule, nominee = nomination.rule, nomination.nominee
    problems = []
    if rule is None:
        return problems
    if rule.exclude_posthumous and getattr(nominee, "is_deceased", False):
        problems.append(_("“%(award)s” không xét truy tặng.") % {"award": nomination.award_type})
    if rule.exclude_disciplined and getattr(nominee, "is_disciplined", False):
        problems.append(_("Người được đề nghị đang bị kỷ luật."))
    if rule.exclude_prosecuted and getattr(nominee, "is_prosecuted", False):
        problems.append(_("Người được đề nghị đang bị truy cứu trách nhiệm hình sự."))
    return problems


def missing_parts(nomination: Nomination) -> list[dict]:
    """The required dossier parts (of the dossier's rules, or those in force today) with no file."""
    rule = nomination.rule
    if rule is None:
        try:
            rule = rule_in_force(nomination.award_type, timezone.localdate())
        except ValidationError:
            return []
    present = {e.part_code for e in nomination.evidence.all() if e.part_code}
    return [part for part in rule.required_parts or [] if part.get("code") not in present]


def _on_appraise(nomination: Nomination, moment: dt.datetime) -> None:
    problems = _exclusions(nomination)
    unmet = [a.text for a in nomination.criteria_answers.all() if a.required and a.met is False]
    if unmet:
        problems.append(
            _("Hồ sơ không đạt tiêu chí bắt buộc: %(list)s.") % {"list": "; ".join(t[:80] for t in unmet)}
        )
    missing = missing_parts(nomination)
    if missing:
        problems.append(
            _("Hồ sơ còn thiếu: %(parts)s. Hãy trả lại để đơn vị bổ sung.")
            % {"parts": ", ".join(p["name"] for p in missing)}
        )
    if problems:
        # Each message carries the code: a list given to ValidationError does not pass one on.
        raise ValidationError([ValidationError(p, code="not_appraisable") for p in problems])
    nomination.appraised_at = moment


def _on_skip_council(nomination: Nomination, moment: dt.datetime) -> None:
    if nomination.rule is None or nomination.rule.council_required:
        raise TransitionRefused(
            _("Danh hiệu này phải được Hội đồng Thi đua – Khen thưởng xét trước khi thủ trưởng quyết định."),
            code="council_required",
        )


def _on_submit(nomination: Nomination, moment: dt.datetime) -> None:
    nomination.submitted_at = moment


_EFFECTS: dict[str, Callable[[Nomination, dt.datetime], None]] = {
    "submit": _on_submit,
    "resubmit": _on_submit,
    "receive": _on_receive,
    "appraise": _on_appraise,
    "skip_council": _on_skip_council,
}


def _notify_transition(nomination: Nomination, t: Transition, actor, note: str) -> None:
    url = nomination.get_absolute_url()
    title_args = {"code": nomination.code, "nominee": nomination.nominee}
    if t.name in ("submit", "resubmit"):
        notify(
            people_reaching(nomination.receiving_unit, APPRAISER_ROLES),
            _("Hồ sơ %(code)s (%(nominee)s) chờ tiếp nhận") % title_args,
            _("%(unit)s đã gửi hồ sơ đề nghị “%(award)s”.")
            % {"unit": nomination.submitting_unit, "award": nomination.award_type},
            url,
        )
    elif t.name in ("receive", "return_for_supplement", "appraise"):
        recipients = list(people_reaching(nomination.submitting_unit, PREPARER_ROLES))
        recipients.append(nomination.created_by)
        messages = {
            "receive": _("Hồ sơ %(code)s (%(nominee)s) đã được tiếp nhận, đang thẩm định"),
            "return_for_supplement": _("Hồ sơ %(code)s (%(nominee)s) bị trả lại để bổ sung"),
            "appraise": _("Hồ sơ %(code)s (%(nominee)s) đã được thẩm định"),
        }
        notify([u for u in recipients if u.pk != actor.pk], messages[t.name] % title_args, note, url)


def transition(
    actor,
    nomination: Nomination,
    name: str,
    *,
    version: int | None = None,
    note: str = "",
    internal: bool = False,
    occurred_on: dt.date | None = None,
    reason: str = "",
) -> Nomination:
    """Make the state change ``name`` (a key of ``TRANSITIONS``) on ``nomination``; ``internal``
    also allows the council's and the decision's changes (``COUNCIL_TRANSITIONS``), for the
    services of those apps.

    ``occurred_on`` (a past day) with a ``reason`` records a step of a past cycle as it happened
    ("nhập bổ sung", see ``core.past``): the actor must be allowed to enter the past at the unit
    whose step it is, and the step takes its real day (a receipt, the rules in force then)."""
    t = TRANSITIONS.get(name)
    if t is None and internal:
        t = COUNCIL_TRANSITIONS.get(name)
    if t is None:
        raise TransitionRefused(
            _("Thao tác “%(name)s” không tồn tại.") % {"name": name}, code="unknown_transition"
        )
    return _run(actor, nomination, t, version, note, occurred_on, reason)


@transaction.atomic
def _run(
    actor,
    nomination: Nomination,
    t: Transition,
    version: int | None,
    note: str,
    occurred_on: dt.date | None = None,
    reason: str = "",
) -> Nomination:
    if not can(actor, t.permission, nomination):
        raise PermissionDenied(
            _("Bạn không có quyền “%(action)s” với hồ sơ này.") % {"action": str(t.label).lower()}
        )
    note = (note or "").strip()
    if t.note_required and not note:
        raise ValidationError({"note": _("Cần ghi %(what)s.") % {"what": str(t.note_label).lower()}})
    past.refuse_future(occurred_on)
    change_reason = note[:100] if note else ""
    moment = timezone.now()
    backdated = past.is_past(occurred_on)
    if backdated:
        # The step is the preparing unit's (sending) or the deciding unit's (the rest).
        unit = (
            nomination.submitting_unit
            if t.permission in ("submit", "withdraw")
            else nomination.receiving_unit
        )
        change_reason = past.check_past_entry(actor, unit, occurred_on, reason)
        moment = past.moment_on(occurred_on)
        if t.name in ("submit", "resubmit"):
            # Sent on a day no rule version covers, it could not be received under any rules:
            # say so now, in the catalogue's words (code ``no_rule_in_force``).
            rule_in_force(nomination.award_type, occurred_on)
    fresh = _claim(nomination, version, t.sources)
    from_status = fresh.status
    effect = _EFFECTS.get(t.name)
    if effect is not None:
        effect(fresh, moment)
    fresh.status = t.target
    audited(fresh, actor)
    fresh._change_reason = change_reason
    fresh.save()
    _event(
        fresh,
        actor,
        t.name,
        from_status,
        note,
        occurred_on=occurred_on if backdated else None,
        entry_reason=(reason or "").strip() if backdated else "",
    )
    if not backdated:
        # A step of a past cycle is history: nobody is waiting on it any more.
        _notify_transition(fresh, t, actor, note)
    return fresh


def submit(actor, nomination, *, version=None, note="", occurred_on=None, reason=""):
    """Send a draft dossier to the deciding unit."""
    return transition(
        actor, nomination, "submit", version=version, note=note, occurred_on=occurred_on, reason=reason
    )


def receive(actor, nomination, *, version=None, note="", occurred_on=None, reason=""):
    """Receive a submitted dossier and start appraising it; fixes the rules in force today."""
    return transition(
        actor, nomination, "receive", version=version, note=note, occurred_on=occurred_on, reason=reason
    )


def return_for_supplement(actor, nomination, *, version=None, note="", occurred_on=None, reason=""):
    """Send the dossier back to the preparing unit with what must be supplemented."""
    return transition(
        actor,
        nomination,
        "return_for_supplement",
        version=version,
        note=note,
        occurred_on=occurred_on,
        reason=reason,
    )


def resubmit(actor, nomination, *, version=None, note="", occurred_on=None, reason=""):
    """Send a supplemented dossier back to the deciding unit."""
    return transition(
        actor, nomination, "resubmit", version=version, note=note, occurred_on=occurred_on, reason=reason
    )


def appraise(actor, nomination, *, version=None, note="", occurred_on=None, reason=""):
    """Conclude the appraisal: the dossier is complete and eligible, and goes to the council."""
    return transition(
        actor, nomination, "appraise", version=version, note=note, occurred_on=occurred_on, reason=reason
    )


def withdraw(actor, nomination, *, version=None, note="", occurred_on=None, reason=""):
    """Withdraw a dossier that has not yet been received (or was returned)."""
    return transition(
        actor, nomination, "withdraw", version=version, note=note, occurred_on=occurred_on, reason=reason
    )
