"""Writes on dossiers: one function per use case, one per state change.

Each function checks the actor's permission, validates, writes the change with its audit row and
its timeline event in one transaction, and notifies the people concerned once it commits.

Two officers acting on one dossier at once: every change names the ``version`` it was made on,
and the write claims the dossier with a conditional UPDATE on (id, version, status). The second
finds nothing to claim and is told the dossier changed; nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.accounts.selectors import people_reaching
from guongsang.awards.selectors import rule_in_force
from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.core.services import notify
from guongsang.core.uploads import check_upload
from guongsang.orgs.models import OrgUnit

from ..models import CriterionAnswer, Evidence, Nomination, NominationEvent, SubmissionDeadline
from ..rules import APPRAISER_ROLES, PREPARER_ROLES

Status = Nomination.Status
MAX_ACHIEVEMENTS = 20_000


class TransitionRefused(ValidationError):
    """The dossier is not in a state from which this change may be made."""


class StaleDossier(ValidationError):
    """Someone else changed the dossier since the actor loaded it."""


# --- Where a dossier goes -----------------------------------------------------------------------


def decider_for(unit: OrgUnit, award_type) -> OrgUnit:
    """The unit whose head decides ``award_type`` for a dossier prepared at ``unit``: the nearest
    unit of the award's deciding kind at or above it, else the province above it."""
    chain = [*OrgUnit.objects.filter(path__in=_ancestor_paths(unit)).order_by("-depth"), unit]
    chain.sort(key=lambda u: -u.depth)
    for candidate in chain:
        if candidate.kind == award_type.decider_kind:
            return candidate
    for candidate in chain:
        if candidate.kind == OrgUnit.Kind.PROVINCE:
            return candidate
    return unit


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    step = OrgUnit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path), step)]


def deadline_for(unit: OrgUnit, year: int) -> SubmissionDeadline | None:
    """The deadline for dossiers reaching ``unit`` in ``year``: its own, else the nearest
    ancestor's that applies to its subtree."""
    own = SubmissionDeadline.objects.filter(unit=unit, year=year).first()
    if own is not None:
        return own
    return (
        SubmissionDeadline.objects.filter(
            unit__path__in=_ancestor_paths(unit), year=year, applies_to_subtree=True
        )
        .order_by("-unit__depth")
        .first()
    )


@transaction.atomic
def set_deadline(
    actor, unit: OrgUnit, *, year: int, due_date: dt.date, applies_to_subtree: bool = False, note: str = ""
) -> SubmissionDeadline:
    """Set (or move) the day by which dossiers must reach ``unit`` in ``year``."""
    if not can(actor, "change", SubmissionDeadline(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền đặt hạn nộp hồ sơ cho %(unit)s.") % {"unit": unit})
    if due_date.year not in (year, year + 1):
        raise ValidationError(
            {
                "due_date": _("Hạn nộp hồ sơ xét năm %(year)s phải trong năm %(year)s hoặc đầu năm sau.")
                % {"year": year}
            }
        )
    deadline = SubmissionDeadline.objects.select_for_update().filter(unit=unit, year=year).first()
    deadline = deadline or SubmissionDeadline(unit=unit, year=year)
    deadline.due_date, deadline.applies_to_subtree, deadline.note = due_date, applies_to_subtree, note
    audited(deadline, actor).save()
    return deadline


# --- Preparing a dossier ------------------------------------------------------------------------


def _check_receiver(submitting_unit: OrgUnit, receiving_unit: OrgUnit) -> None:
    if not submitting_unit.path.startswith(receiving_unit.path):
        raise ValidationError(
            {
                "receiving_unit": _(
                    "Đơn vị xét duyệt phải là %(unit)s hoặc một đơn vị cấp trên của đơn vị này."
                )
                % {"unit": submitting_unit}
            }
        )


def _check_award_fits(nominee, award_type) -> None:
    if nominee.kind not in (award_type.subject_kinds or []):
        raise ValidationError(
            {
                "award_type": _("“%(award)s” không xét tặng cho %(kind)s.")
                % {"award": award_type, "kind": nominee.get_kind_display().lower()}
            }
        )
    if not award_type.is_active:
        raise ValidationError({"award_type": _("“%(award)s” đã ngừng áp dụng.") % {"award": award_type}})


def _check_achievements(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"achievements": _("Cần nhập tóm tắt thành tích.")})
    if len(text) > MAX_ACHIEVEMENTS:
        raise ValidationError(
            {
                "achievements": _("Tóm tắt thành tích quá dài (tối đa %(n)s ký tự).")
                % {"n": f"{MAX_ACHIEVEMENTS:,}"}
            }
        )
    return text


def _fill_criteria(nomination: Nomination) -> None:
    """Copy the deciding unit's checklist (general, movement's, its own criteria) onto the dossier."""
    from guongsang.movements.selectors import criteria_for

    answers = [
        CriterionAnswer(
            nomination=nomination, criterion_id=c.pk, order=index, text=c.text, required=c.required
        )
        for index, c in enumerate(
            criteria_for(nomination.receiving_unit, nomination.movement, year=nomination.year)
        )
    ]
    CriterionAnswer.objects.bulk_create(answers)


def _event(
    nomination: Nomination, actor, action: str, from_status: str = "", note: str = ""
) -> NominationEvent:
    return NominationEvent.objects.create(
        nomination=nomination,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=nomination.status,
        note=note,
    )


@transaction.atomic
def create_nomination(
    actor,
    *,
    nominee,
    award_type,
    submitting_unit: OrgUnit,
    achievements: str,
    year: int | None = None,
    receiving_unit: OrgUnit | None = None,
    movement=None,
    field=None,
    origin: str = Nomination.Origin.UNIT,
    parent: Nomination | None = None,
) -> Nomination:
    """Open a draft dossier for ``nominee`` at ``submitting_unit``; it will go to the unit whose
    head decides ``award_type`` (found from the tree unless named)."""
    receiving_unit = receiving_unit or decider_for(submitting_unit, award_type)
    nomination = Nomination(
        nominee=nominee,
        award_type=award_type,
        submitting_unit=submitting_unit,
        receiving_unit=receiving_unit,
        achievements=achievements,
        year=year or timezone.localdate().year,
        movement=movement,
        field=field,
        origin=origin,
        parent=parent,
        created_by=actor,
    )
    if not can(actor, "add", nomination):
        raise PermissionDenied(
            _("Bạn không có quyền lập hồ sơ đề nghị cho %(unit)s.") % {"unit": submitting_unit}
        )
    if getattr(nominee, "merged_into_id", None):
        raise ValidationError(
            {"nominee": _("Người này đã được gộp vào hồ sơ cá nhân khác; hãy chọn người còn lại.")}
        )
    _check_receiver(submitting_unit, receiving_unit)
    _check_award_fits(nominee, award_type)
    nomination.achievements = _check_achievements(achievements)
    nomination.full_clean(exclude=["rule", "created_by"])
    audited(nomination, actor).save()
    _fill_criteria(nomination)
    _event(nomination, actor, "create")
    return nomination


EDITABLE_FIELDS = {"achievements", "movement", "field", "award_type", "year"}


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


@transaction.atomic
def update_nomination(actor, nomination: Nomination, *, version: int | None = None, **changes) -> Nomination:
    """Change a draft or returned dossier's content (not its state)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if not can(actor, "change", nomination):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    fresh = _claim(nomination, version, (Status.DRAFT, Status.RETURNED))
    for field_name, value in changes.items():
        setattr(fresh, field_name, value)
    if "achievements" in changes:
        fresh.achievements = _check_achievements(changes["achievements"])
    if "award_type" in changes:
        _check_award_fits(fresh.nominee, fresh.award_type)
    fresh.full_clean(exclude=["rule", "created_by"])
    audited(fresh, actor).save()
    return fresh


# A dossier's files may be added while it can still change: being prepared, returned, or under
# appraisal (the appraiser's own notes); its criteria answers only while the preparing unit holds it.
EVIDENCE_STATES = (Status.DRAFT, Status.RETURNED, Status.UNDER_APPRAISAL)
CRITERIA_STATES = (Status.DRAFT, Status.RETURNED)


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


@transaction.atomic
def add_evidence(
    actor,
    nomination: Nomination,
    *,
    file,
    title: str = "",
    part_code: str = "",
    version: int | None = None,
) -> Evidence:
    """Attach a file to the dossier (PDF, DOCX, XLSX, JPG, PNG; at most 20 MB) while it can
    still change: being prepared, returned, or under appraisal (the appraiser's own notes).

    ``version`` is the dossier's version the actor saw (the one ``nomination`` carries when not
    given): a dossier submitted, appraised or edited by someone else since is refused, nothing
    is written. The file bumps the version, as every change of the dossier does.
    """
    if not can(actor, "add", Evidence(nomination=nomination)):
        raise PermissionDenied(_("Bạn không có quyền bổ sung tài liệu cho hồ sơ này."))
    try:
        check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    title = (title or "").strip()
    part_code = (part_code or "").strip()
    if len(part_code) > Evidence._meta.get_field("part_code").max_length:
        raise ValidationError({"part_code": _("Mã thành phần hồ sơ không hợp lệ.")})
    fresh = _claim_for_content(
        nomination,
        version,
        EVIDENCE_STATES,
        _("Hồ sơ không còn ở trạng thái được bổ sung tài liệu (đang soạn, bị trả lại hoặc đang thẩm định)."),
    )
    evidence = Evidence(
        nomination=fresh,
        title=(title or file.name)[:255],
        part_code=part_code,
        file=file,
        filename=os.path.basename(file.name or "")[:255],
        size=file.size,
        uploaded_by=actor,
    )
    audited(evidence, actor).save()
    NominationEvent.objects.create(
        nomination=fresh,
        actor=actor,
        action="add_evidence",
        note=evidence.title,
        from_status=fresh.status,
        to_status=fresh.status,
    )
    nomination.version = fresh.version
    return evidence


MAX_CRITERION_NOTE = 2000


@transaction.atomic
def answer_criteria(
    actor,
    nomination: Nomination,
    answers: dict[int, tuple[bool | None, str]],
    *,
    version: int | None = None,
) -> int:
    """Record the dossier's answers to its checklist: ``{answer_id: (met, note)}``; returns how
    many answers changed.

    Only while the preparing unit holds the dossier (being prepared or returned), and only on
    the ``version`` the actor saw (the one ``nomination`` carries when not given): answers made
    on a dossier that someone else has meanwhile changed or submitted are refused, not written
    over theirs. An id that is not one of this dossier's criteria is refused too.
    """
    if not can(actor, "change", nomination):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    # The checklist's rows are fixed when the dossier is created: which ids belong to it needs no lock.
    known = set(CriterionAnswer.objects.filter(nomination=nomination).values_list("pk", flat=True))
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(
            {
                "answers": _("Tiêu chí số %(ids)s không thuộc hồ sơ này.")
                % {"ids": ", ".join(str(i) for i in unknown)}
            }
        )
    cleaned = {pk: (met, (note or "").strip()) for pk, (met, note) in answers.items()}
    if any(len(note) > MAX_CRITERION_NOTE for _met, note in cleaned.values()):
        raise ValidationError(
            {
                "answers": _("Ghi chú tiêu chí quá dài (tối đa %(n)s ký tự).")
                % {"n": f"{MAX_CRITERION_NOTE:,}"}
            }
        )
    fresh = _claim_for_content(
        nomination,
        version,
        CRITERIA_STATES,
        _("Chỉ sửa được tiêu chí khi hồ sơ đang soạn hoặc bị trả lại."),
    )
    changed = 0
    for answer in CriterionAnswer.objects.select_for_update().filter(nomination=fresh, pk__in=list(cleaned)):
        met, note = cleaned[answer.pk]
        if (answer.met, answer.note) != (met, note):
            answer.met, answer.note = met, note
            audited(answer, actor).save()
            changed += 1
    nomination.version = fresh.version
    return changed


# --- State changes ------------------------------------------------------------------------------


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


def _on_receive(nomination: Nomination) -> None:
    # The rules in force on the day of receipt stay the dossier's rules, even when it comes back
    # after a supplement or the law changes meanwhile.
    if nomination.rule_id is None:
        nomination.rule = rule_in_force(nomination.award_type, timezone.localdate())
    nomination.received_at = nomination.received_at or timezone.now()


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


def _on_appraise(nomination: Nomination) -> None:
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
    nomination.appraised_at = timezone.now()


def _on_skip_council(nomination: Nomination) -> None:
    if nomination.rule is None or nomination.rule.council_required:
        raise TransitionRefused(
            _("Danh hiệu này phải được Hội đồng Thi đua – Khen thưởng xét trước khi thủ trưởng quyết định."),
            code="council_required",
        )


def _on_submit(nomination: Nomination) -> None:
    nomination.submitted_at = timezone.now()


_EFFECTS: dict[str, Callable[[Nomination], None]] = {
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
) -> Nomination:
    """Make the state change ``name`` (a key of ``TRANSITIONS``) on ``nomination``; ``internal``
    also allows the council's and the decision's changes (``COUNCIL_TRANSITIONS``), for the
    services of those apps."""
    t = TRANSITIONS.get(name)
    if t is None and internal:
        t = COUNCIL_TRANSITIONS.get(name)
    if t is None:
        raise TransitionRefused(
            _("Thao tác “%(name)s” không tồn tại.") % {"name": name}, code="unknown_transition"
        )
    return _run(actor, nomination, t, version, note)


@transaction.atomic
def _run(actor, nomination: Nomination, t: Transition, version: int | None, note: str) -> Nomination:
    if not can(actor, t.permission, nomination):
        raise PermissionDenied(
            _("Bạn không có quyền “%(action)s” với hồ sơ này.") % {"action": str(t.label).lower()}
        )
    note = (note or "").strip()
    if t.note_required and not note:
        raise ValidationError({"note": _("Cần ghi %(what)s.") % {"what": str(t.note_label).lower()}})
    fresh = _claim(nomination, version, t.sources)
    from_status = fresh.status
    effect = _EFFECTS.get(t.name)
    if effect is not None:
        effect(fresh)
    fresh.status = t.target
    audited(fresh, actor)
    fresh._change_reason = note[:100] if note else ""
    fresh.save()
    _event(fresh, actor, t.name, from_status, note)
    _notify_transition(fresh, t, actor, note)
    return fresh


def submit(actor, nomination, *, version=None, note=""):
    """Send a draft dossier to the deciding unit."""
    return transition(actor, nomination, "submit", version=version, note=note)


def receive(actor, nomination, *, version=None, note=""):
    """Receive a submitted dossier and start appraising it; fixes the rules in force today."""
    return transition(actor, nomination, "receive", version=version, note=note)


def return_for_supplement(actor, nomination, *, version=None, note=""):
    """Send the dossier back to the preparing unit with what must be supplemented."""
    return transition(actor, nomination, "return_for_supplement", version=version, note=note)


def resubmit(actor, nomination, *, version=None, note=""):
    """Send a supplemented dossier back to the deciding unit."""
    return transition(actor, nomination, "resubmit", version=version, note=note)


def appraise(actor, nomination, *, version=None, note=""):
    """Conclude the appraisal: the dossier is complete and eligible, and goes to the council."""
    return transition(actor, nomination, "appraise", version=version, note=note)


def withdraw(actor, nomination, *, version=None, note=""):
    """Withdraw a dossier that has not yet been received (or was returned)."""
    return transition(actor, nomination, "withdraw", version=version, note=note)


def move_to_nominee(keep, drop, actor=None) -> int:
    """Re-point the dossiers of ``drop`` at ``keep`` when two nominees are merged (the same person
    entered twice); returns how many moved. Called by the nominees app's merge, inside its
    transaction and after its permission check; each move is in the dossier's history, by whom."""
    reason = _("Hợp nhất người được đề nghị: #%(drop)s vào #%(keep)s") % {"drop": drop.pk, "keep": keep.pk}
    moved = 0
    for nomination in Nomination.objects.select_for_update().filter(nominee=drop).order_by("pk"):
        nomination.nominee = keep
        audited(nomination, actor)
        nomination._change_reason = reason[:100]
        nomination.save(update_fields=["nominee", "updated_at"])
        moved += 1
    return moved
