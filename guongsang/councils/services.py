"""Running a council: its members, a session's agenda and attendance, ballots, the closing tally.

Each function checks permission, validates, writes with audit in one transaction. A dossier's
state changes (on the agenda, passed, failed) go through the nominations app's services.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.awards.services import next_number
from guongsang.core import past
from guongsang.core.audit import audited
from guongsang.core.periods import end_after, in_force, last_day
from guongsang.core.permissions import can
from guongsang.core.services import notify
from guongsang.nominations import services as dossiers
from guongsang.nominations.models import Nomination

from . import voting
from .models import AgendaItem, Attendance, Ballot, BallotReceipt, Council, CouncilMember, CouncilSession

Choice = Ballot.Choice


class SessionStateError(ValidationError):
    """The session is not in a state that allows this."""


def _refuse_ended_unit(unit, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if unit.valid_to is not None and unit.valid_to <= today:
        raise ValidationError(
            _("%(unit)s đã hết hiệu lực từ ngày %(day)s; không thể lập hay thay đổi Hội đồng của đơn vị này.")
            % {"unit": unit, "day": unit.valid_to.strftime("%d/%m/%Y")},
            code="unit_ended",
        )


def _check_term(council: Council) -> None:
    """The term is a real period, and starts while the unit exists."""
    unit = council.unit
    if council.term_end is not None and council.term_end <= council.term_start:
        raise ValidationError(
            _("Ngày cuối nhiệm kỳ không được trước ngày bắt đầu nhiệm kỳ."), code="invalid_term"
        )
    if not unit.in_force_on(council.term_start):
        raise ValidationError(
            _("Nhiệm kỳ bắt đầu %(day)s, khi %(unit)s không còn hoặc chưa có hiệu lực.")
            % {"day": council.term_start.strftime("%d/%m/%Y"), "unit": unit},
            code="outside_unit_validity",
        )


@transaction.atomic
def create_council(
    actor,
    unit,
    *,
    name: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    document_symbol: str = "HĐTĐKT",
) -> Council:
    """Set up a unit's council for a term; ``term_end`` is the stored end (the first day after
    the term, see core.periods). Not for a unit that has ended."""
    council = Council(
        unit=unit,
        name=name.strip(),
        term_start=term_start,
        term_end=term_end,
        document_symbol=document_symbol.strip() or "HĐTĐKT",
    )
    if not can(actor, "add", council):
        raise PermissionDenied(_("Bạn không có quyền lập Hội đồng tại %(unit)s.") % {"unit": unit})
    _refuse_ended_unit(unit)
    _check_term(council)
    council.full_clean()
    audited(council, actor).save()
    return council


COUNCIL_FIELDS = {"name", "term_start", "term_end", "document_symbol"}


@transaction.atomic
def update_council(actor, council: Council, **changes) -> Council:
    """Change a council's name, term or document symbol. Its sessions must stay within the term."""
    unknown = set(changes) - COUNCIL_FIELDS
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if not can(actor, "change", council):
        raise PermissionDenied(_("Bạn không có quyền sửa Hội đồng này."))
    council = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
    _refuse_ended_unit(council.unit)
    for field, value in changes.items():
        setattr(council, field, value.strip() if isinstance(value, str) else value)
    council.document_symbol = council.document_symbol or "HĐTĐKT"
    _check_term(council)
    outside = council.sessions.exclude(status=CouncilSession.Status.CANCELLED).filter(
        held_on__lt=council.term_start
    )
    if council.term_end is not None:
        outside = outside | council.sessions.exclude(status=CouncilSession.Status.CANCELLED).filter(
            held_on__gte=council.term_end
        )
    first = outside.order_by("held_on").first()
    if first is not None:
        raise ValidationError(
            _("Phiên họp “%(session)s” sẽ nằm ngoài nhiệm kỳ mới; không thể đổi nhiệm kỳ như vậy.")
            % {"session": first},
            code="outside_term",
        )
    council.full_clean()
    audited(council, actor).save()
    return council


def candidates(council: Council, on: dt.date | None = None):
    """Who may be seated without an invitation: people holding a role in force at the council's
    unit or a unit under it (its departments, bodies, communes), not already seated."""
    from guongsang.accounts.selectors import people_in

    return (
        people_in(council.unit, on=on)
        .exclude(pk__in=council.members.values("user_id"))
        .order_by("full_name", "username")
    )


@transaction.atomic
def add_member(
    actor,
    council: Council,
    user,
    *,
    position: str = CouncilMember.Position.MEMBER,
    votes: bool = True,
    valid_from: dt.date | None = None,
    invitation_reason: str = "",
) -> CouncilMember:
    """Seat ``user`` on the council.

    The council's own people (a role at its unit or under it) are seated directly; anyone else
    holding a role elsewhere only by an invitation whose written reason is recorded, audited and
    shown with the member. An account with no role anywhere is never seated.
    """
    from guongsang.accounts.selectors import holds_any_role, people_in

    if not can(actor, "change", council):
        raise PermissionDenied(_("Bạn không có quyền thay đổi thành viên Hội đồng."))
    _refuse_ended_unit(council.unit)
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise ValidationError(
            _("%(user)s đã là thành viên Hội đồng.") % {"user": user}, code="already_member"
        )
    on = valid_from or timezone.localdate()
    reason = invitation_reason.strip()
    if people_in(council.unit, on=on).filter(pk=user.pk).exists():
        reason = ""
    elif not reason:
        raise ValidationError(
            _(
                "%(user)s không giữ vai trò nào tại %(unit)s hoặc đơn vị trực thuộc. "
                "Người ngoài đơn vị chỉ được mời với lý do ghi rõ."
            )
            % {"user": user, "unit": council.unit},
            code="member_not_in_unit",
        )
    elif not holds_any_role(user, on=on):
        raise ValidationError(
            _("Chỉ mời được cán bộ đang giữ vai trò tại một đơn vị."), code="member_not_in_unit"
        )
    member = CouncilMember(
        council=council,
        user=user,
        position=position,
        votes=votes,
        valid_from=valid_from,
        invitation_reason=reason,
    )
    member.full_clean()
    audited(member, actor)
    if reason:
        member._change_reason = (_("Mời: %(reason)s") % {"reason": reason})[:100]
    member.save()
    return member


@transaction.atomic
def end_member(actor, member: CouncilMember, *, last_day: dt.date, reason: str = "") -> CouncilMember:
    """End a seat: ``last_day`` is the last day the member sits (core.periods stores the day after).

    The seat stays on record with its sessions and ballots; from the next day the member no
    longer counts among the council's members."""
    if not can(actor, "change", member.council):
        raise PermissionDenied(_("Bạn không có quyền thay đổi thành viên Hội đồng."))
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    if member.valid_to is not None:
        raise ValidationError(_("%(user)s đã thôi giữ chức.") % {"user": member.user}, code="seat_ended")
    end = end_after(last_day)
    if member.valid_from is not None and end <= member.valid_from:
        raise ValidationError(
            _("Ngày cuối giữ chức không được trước ngày bắt đầu (%(day)s).")
            % {"day": member.valid_from.strftime("%d/%m/%Y")},
            code="invalid_period",
        )
    member.valid_to = end
    audited(member, actor)
    member._change_reason = (
        (_("Thôi giữ chức: %(reason)s") % {"reason": reason.strip()})[:100] if reason.strip() else ""
    )
    member.save()
    return member


def voting_members(council: Council, on: dt.date):
    """The members who vote, in office on ``on``."""
    return (
        council.members.filter(votes=True)
        .exclude(valid_from__gt=on)
        .exclude(valid_to__lte=on)
        .select_related("user")
    )


def check_session_date(council: Council, held_on: dt.date) -> None:
    """A session sits within the council's term and while its unit exists."""
    if not in_force(council.term_start, council.term_end, held_on):
        last = last_day(council.term_end)
        raise ValidationError(
            _("Ngày họp %(day)s nằm ngoài nhiệm kỳ của Hội đồng (%(start)s – %(end)s).")
            % {
                "day": held_on.strftime("%d/%m/%Y"),
                "start": council.term_start.strftime("%d/%m/%Y"),
                "end": last.strftime("%d/%m/%Y") if last else "…",
            },
            code="outside_term",
        )
    unit = council.unit
    if unit.valid_to is not None and held_on >= unit.valid_to:
        raise ValidationError(
            _("%(unit)s chỉ còn hiệu lực đến hết ngày %(last)s; không thể họp ngày %(day)s.")
            % {
                "unit": unit,
                "last": last_day(unit.valid_to).strftime("%d/%m/%Y"),
                "day": held_on.strftime("%d/%m/%Y"),
            },
            code="unit_ended",
        )
    if not unit.in_force_on(held_on):
        raise ValidationError(
            _("%(unit)s có hiệu lực từ ngày %(start)s; không thể họp ngày %(day)s.")
            % {
                "unit": unit,
                "start": unit.valid_from.strftime("%d/%m/%Y"),
                "day": held_on.strftime("%d/%m/%Y"),
            },
            code="outside_unit_validity",
        )


@transaction.atomic
def create_session(
    actor, council: Council, *, title: str, held_on: dt.date, place: str, reason: str = ""
) -> CouncilSession:
    """Schedule a session of the council.

    With a ``reason``, a session of a past cycle held before today is entered as it happened
    ("nhập bổ sung", see ``core.past``): only those allowed to enter the past at the council's
    unit may, and the reason goes on its history. (A session a few days old entered without a
    reason stays possible, as minutes are often typed in after the meeting; its page still shows
    it was recorded after the day it was held.)"""
    session = CouncilSession(
        council=council, title=title.strip(), held_on=held_on, place=place.strip(), created_by=actor
    )
    if not can(actor, "add", session):
        raise PermissionDenied(_("Bạn không có quyền lên lịch phiên họp của Hội đồng này."))
    check_session_date(council, held_on)
    change_reason = ""
    if (reason or "").strip() and past.is_past(held_on):
        change_reason = past.check_past_entry(actor, council.unit, held_on, reason)
    session.full_clean()
    audited(session, actor)
    session._change_reason = change_reason
    session.save()
    return session


def _require_running(actor, session: CouncilSession) -> None:
    if not can(actor, "run", session):
        raise PermissionDenied(
            _("Chỉ thư ký, chủ tịch Hội đồng hoặc thẩm định viên được điều hành phiên họp.")
        )


def _require_status(session: CouncilSession, *statuses: str) -> None:
    if session.status not in statuses:
        raise SessionStateError(
            _("Phiên họp đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
            % {"status": session.get_status_display()},
            code="session_state",
        )


@transaction.atomic
def add_to_agenda(actor, session: CouncilSession, nomination: Nomination) -> AgendaItem:
    """Put an appraised dossier of the council's unit on the session's agenda."""
    _require_running(actor, session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_status(session, CouncilSession.Status.PLANNED)
    if nomination.receiving_unit_id != session.council.unit_id:
        raise ValidationError(
            _("Hồ sơ %(code)s do %(unit)s xét duyệt, không thuộc Hội đồng này.")
            % {"code": nomination.code, "unit": nomination.receiving_unit}
        )
    if nomination.rule is not None and not nomination.rule.council_required:
        raise ValidationError(
            _("Danh hiệu của hồ sơ %(code)s không phải qua Hội đồng.") % {"code": nomination.code}
        )
    nomination = dossiers.transition(
        actor,
        nomination,
        "place_on_agenda",
        internal=True,
        note=_("Đưa vào phiên họp “%(session)s”") % {"session": session},
    )
    order = session.agenda.count() + 1
    secret = bool(nomination.rule and nomination.rule.secret_ballot)
    item = AgendaItem(session=session, nomination=nomination, order=order, secret=secret)
    audited(item, actor).save()
    return item


@transaction.atomic
def remove_from_agenda(actor, item: AgendaItem) -> None:
    """Take a dossier off a session not yet opened; it goes back to waiting for a council."""
    _require_running(actor, item.session)
    _require_status(item.session, CouncilSession.Status.PLANNED)
    dossiers.transition(actor, item.nomination, "remove_from_agenda", internal=True)
    audited(item, actor).delete()


@transaction.atomic
def record_attendance(
    actor, session: CouncilSession, present_member_ids: set[int], notes: dict | None = None
):
    """Record who sits in the session (before voting opens)."""
    _require_running(actor, session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_status(session, CouncilSession.Status.PLANNED)
    notes = notes or {}
    for member in voting_members(session.council, session.held_on):
        row, _created = Attendance.objects.get_or_create(session=session, member=member)
        row.present = member.pk in present_member_ids
        row.note = notes.get(member.pk, "")[:255]
        audited(row, actor).save()


def _rule_for(item: AgendaItem) -> voting.Rule:
    rule = item.nomination.rule
    if rule is None:
        # A dossier always carries its rules from receipt; this guards data entered by hand.
        raise ValidationError(_("Hồ sơ %(code)s chưa có quy định áp dụng.") % {"code": item.nomination.code})
    return voting.Rule(
        quorum_num=rule.quorum_num,
        quorum_den=rule.quorum_den,
        base=voting.Base(rule.vote_base),
        threshold_num=rule.threshold_num,
        threshold_den=rule.threshold_den,
        strict=rule.threshold_strict,
        written_opinions_count=rule.written_opinions_count,
    )


def present_count(session: CouncilSession) -> int:
    return session.attendance.filter(present=True).count()


@transaction.atomic
def open_session(actor, session: CouncilSession) -> CouncilSession:
    """Open voting: attendance is fixed; the session needs the quorum of every dossier's rules."""
    _require_running(actor, session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_status(session, CouncilSession.Status.PLANNED)
    items = list(session.agenda.select_related("nomination__rule"))
    if not items:
        raise ValidationError(_("Phiên họp chưa có hồ sơ nào để biểu quyết."))
    total = voting_members(session.council, session.held_on).count()
    present = present_count(session)
    for item in items:
        if not voting.has_quorum(_rule_for(item), total, present):
            rule = item.nomination.rule
            raise ValidationError(
                _(
                    "Không đủ số thành viên dự họp: có mặt %(present)s/%(total)s, "
                    "quy định của hồ sơ %(code)s cần ít nhất %(num)s/%(den)s tổng số thành viên. "
                    "Không thể biểu quyết."
                )
                % {
                    "present": present,
                    "total": total,
                    "code": item.nomination.code,
                    "num": rule.quorum_num,
                    "den": rule.quorum_den,
                },
                code="no_quorum",
            )
    session.status = CouncilSession.Status.OPEN
    session.total_members = total
    session.opened_at = timezone.now()
    audited(session, actor).save()
    return session


def _member_of(session: CouncilSession, user) -> CouncilMember | None:
    return voting_members(session.council, session.held_on).filter(user=user).first()


def _count_field(choice: str, written: bool) -> str:
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Ý kiến phải là đồng ý, không đồng ý hoặc không biểu quyết.")})
    return f"written_{choice}" if written else choice


def _record_vote(item: AgendaItem, member: CouncilMember, choice: str, written: bool) -> None:
    field_name = _count_field(choice, written)
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(item=item, member=member, written=written)
    except IntegrityError as exc:
        raise ValidationError(
            _("%(member)s đã biểu quyết hồ sơ này; mỗi thành viên chỉ biểu quyết một lần.")
            % {"member": member.user},
            code="already_voted",
        ) from exc
    if not item.secret:
        Ballot.objects.create(item=item, member=member, choice=choice, written=written)
    # The count only, by an atomic UPDATE: no row, no history, no log says who chose what.
    AgendaItem.objects.filter(pk=item.pk).update(**{field_name: F(field_name) + 1})


@transaction.atomic
def cast_ballot(actor, item: AgendaItem, choice: str) -> None:
    """A member present at the open session votes on one dossier, once."""
    session = CouncilSession.objects.select_for_update().get(pk=item.session_id)
    _require_status(session, CouncilSession.Status.OPEN)
    member = _member_of(session, actor)
    if member is None:
        raise PermissionDenied(_("Chỉ thành viên Hội đồng có quyền biểu quyết mới được bỏ phiếu."))
    if not session.attendance.filter(member=member, present=True).exists():
        raise PermissionDenied(
            _("Bạn không có mặt trong phiên họp; ý kiến của bạn do thư ký ghi nhận bằng văn bản.")
        )
    _record_vote(item, member, choice, written=False)


@transaction.atomic
def record_written_opinion(actor, item: AgendaItem, member: CouncilMember, choice: str) -> None:
    """The secretary enters the written opinion of a member absent from the session."""
    _require_running(actor, item.session)
    session = CouncilSession.objects.select_for_update().get(pk=item.session_id)
    _require_status(session, CouncilSession.Status.OPEN)
    if member.council_id != session.council_id or not member.votes:
        raise ValidationError(_("Người này không phải thành viên biểu quyết của Hội đồng."))
    if session.attendance.filter(member=member, present=True).exists():
        raise ValidationError(
            _("Thành viên có mặt tự bỏ phiếu; chỉ ghi ý kiến bằng văn bản của người vắng mặt.")
        )
    _record_vote(item, member, choice, written=True)


@transaction.atomic
def close_session(actor, session: CouncilSession, *, notes: str = "") -> CouncilSession:
    """Close voting: ballots are locked, each dossier's result is computed under its own rules
    and recorded on the dossier (passed or failed)."""
    _require_running(actor, session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_status(session, CouncilSession.Status.OPEN)
    present = present_count(session)
    results = []
    for item in session.agenda.select_related(
        "nomination__rule", "nomination__nominee", "nomination__award_type"
    ):
        count = voting.Count(
            total_members=session.total_members,
            present=present,
            yes=item.yes,
            no=item.no,
            abstain=item.abstain,
            written_yes=item.written_yes,
            written_no=item.written_no,
            written_abstain=item.written_abstain,
        )
        result = voting.decide(_rule_for(item), count)
        item.result, item.counted_yes, item.counted_base = result.outcome.value, result.yes, result.base
        # Only these columns: the live counters stay as the votes left them. The history row
        # names the secretary who closed the session and holds the totals, never a ballot.
        audited(item, actor).save(update_fields=["result", "counted_yes", "counted_base"])
        outcome = "council_pass" if result.outcome == voting.Outcome.PASSED else "council_fail"
        note = _("%(yes)s/%(base)s phiếu đồng ý (%(percent).1f%%)") % {
            "yes": result.yes,
            "base": result.base,
            "percent": result.percent,
        }
        dossiers.transition(actor, item.nomination, outcome, internal=True, note=note)
        results.append((item, result))
    session.status = CouncilSession.Status.CLOSED
    session.closed_at = timezone.now()
    # The minutes take the next number of the council's own series ("03/BB-HĐTĐKT"), apart from
    # the decisions of the unit's head.
    session.minutes_number = next_number(
        session.council.unit, session.council.minutes_symbol, session.held_on.year
    )
    session.notes = notes or session.notes
    audited(session, actor).save()
    heads = _heads_of(session.council.unit)
    passed = sum(1 for _item, r in results if r.outcome == voting.Outcome.PASSED)
    notify(
        heads,
        _("Hội đồng đã xét %(n)s hồ sơ, %(passed)s hồ sơ được đề nghị khen thưởng")
        % {"n": len(results), "passed": passed},
        str(session),
        session.get_absolute_url(),
    )
    return session


def _heads_of(unit):
    from guongsang.accounts.selectors import people_reaching
    from guongsang.core.permissions import Role

    return people_reaching(unit, [Role.HEAD])


@transaction.atomic
def cancel_session(actor, session: CouncilSession) -> CouncilSession:
    """Cancel a session that has not opened; its dossiers go back to waiting for a council."""
    _require_running(actor, session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_status(session, CouncilSession.Status.PLANNED)
    for item in session.agenda.select_related("nomination"):
        dossiers.transition(actor, item.nomination, "remove_from_agenda", internal=True)
    session.status = CouncilSession.Status.CANCELLED
    audited(session, actor).save()
    return session
