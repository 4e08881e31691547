"""Read queries over councils and sessions, and what a session page shows to whom.

What a secret vote shows is decided here, once (:func:`item_view`): while voting is open only how
many members have voted; after closing only the totals, written opinions included. Never who chose
what.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from guongsang.core.audit import TimelineEntry, timeline
from guongsang.core.permissions import visible_to

from .models import AgendaItem, Attendance, BallotReceipt, Council, CouncilMember, CouncilSession


def councils_for(user) -> QuerySet[Council]:
    return visible_to(user, Council.objects.select_related("unit")).order_by("-term_start", "name")


def sessions_for(user) -> QuerySet[CouncilSession]:
    return visible_to(user, CouncilSession.objects.select_related("council__unit")).order_by(
        "-held_on", "-pk"
    )


def council_units_for(user):
    """The units ``user`` may set up a council for: where they administer, head or appraise,
    still in force. (A superuser: the nation and the provinces.)"""
    from django.utils import timezone

    from guongsang.accounts.selectors import memberships_of
    from guongsang.orgs.models import OrgUnit

    from .rules import MANAGER_ROLES

    today = timezone.localdate()
    if user.is_superuser:
        units = OrgUnit.objects.filter(depth__lte=2)
    else:
        ids = memberships_of(user).filter(role__in=MANAGER_ROLES).values("unit_id")
        units = OrgUnit.objects.filter(pk__in=ids)
    return units.exclude(valid_to__lte=today).order_by("path")


def members_of(council: Council):
    """The council's seats, current first, each with its user."""
    return council.members.select_related("user").order_by(
        models.F("valid_to").asc(nulls_first=True), "position", "pk"
    )


@dataclass
class ItemView:
    """One agenda line as the session page, the API and the minutes show it.

    For a secret vote the written opinions of absent members are folded into the totals: shown
    apart, they would reveal the choice of an absent member whom the attendance list names.
    """

    item: AgendaItem
    cast: int
    yes: int | None
    no: int | None
    abstain: int | None
    written_yes: int | None
    written_no: int | None
    written_abstain: int | None
    written: int
    i_voted: bool
    ballots: list  # open votes only: (member name, choice label, written)


def item_view(item: AgendaItem, *, closed: bool, i_voted: bool = False) -> ItemView:
    """What may be shown of one agenda item: live counts and names for an open vote; for a secret
    vote the number cast while voting and, once closed, the totals with written opinions folded in."""
    written = item.written_yes + item.written_no + item.written_abstain
    cast = item.yes + item.no + item.abstain + written
    if not item.secret:
        return ItemView(
            item=item,
            cast=cast,
            yes=item.yes,
            no=item.no,
            abstain=item.abstain,
            written_yes=item.written_yes,
            written_no=item.written_no,
            written_abstain=item.written_abstain,
            written=written,
            i_voted=i_voted,
            ballots=[(str(b.member.user), b.get_choice_display(), b.written) for b in item.ballots.all()],
        )
    return ItemView(
        item=item,
        cast=cast,
        yes=item.yes + item.written_yes if closed else None,
        no=item.no + item.written_no if closed else None,
        abstain=item.abstain + item.written_abstain if closed else None,
        written_yes=None,
        written_no=None,
        written_abstain=None,
        written=written,
        i_voted=i_voted,
        ballots=[],
    )


def agenda_view(session: CouncilSession, viewer_member: CouncilMember | None) -> list[ItemView]:
    """The agenda with what may be shown to anyone who can see the session (see :func:`item_view`)."""
    items = list(
        session.agenda.select_related(
            "nomination__nominee", "nomination__award_type", "nomination__submitting_unit"
        )
        .prefetch_related("ballots__member__user")
        .order_by("order", "pk")
    )
    voted = set()
    if viewer_member is not None:
        voted = set(
            BallotReceipt.objects.filter(item__session=session, member=viewer_member).values_list(
                "item_id", flat=True
            )
        )
    closed = session.status == CouncilSession.Status.CLOSED
    return [item_view(item, closed=closed, i_voted=item.pk in voted) for item in items]


def attendance_of(session: CouncilSession) -> list[Attendance]:
    return list(session.attendance.select_related("member__user").order_by("member__position", "member__pk"))


def seat_of(session: CouncilSession, user) -> CouncilMember | None:
    return session.council.members.filter(user=user, votes=True).first() if user.is_authenticated else None


TIMELINE_LENGTH = 50


def _agenda_action(record) -> str:
    code = record.nomination.code if record.nomination else record.nomination_id
    if record.history_type == "+":
        return _("Đưa hồ sơ %(code)s vào phiên họp") % {"code": code}
    if record.history_type == "-":
        return _("Bỏ hồ sơ %(code)s khỏi phiên họp") % {"code": code}
    if record.result != AgendaItem.Result.PENDING:
        # The counted totals, as the minutes print them; the history holds nothing finer.
        return _("Kết quả hồ sơ %(code)s: %(result)s (%(yes)s/%(base)s phiếu đồng ý)") % {
            "code": code,
            "result": AgendaItem.Result(record.result).label,
            "yes": record.counted_yes if record.counted_yes is not None else "—",
            "base": record.counted_base if record.counted_base is not None else "—",
        }
    return _("Thay đổi hồ sơ %(code)s trong phiên họp") % {"code": code}


def session_timeline(session: CouncilSession) -> list[TimelineEntry]:
    """The session's own changes with its agenda (dossiers added, removed, their results),
    newest first."""
    records = (
        AgendaItem.history.filter(session_id=session.pk)
        .select_related("history_user", "nomination")
        .order_by("-history_date", "-history_id")[:TIMELINE_LENGTH]
    )
    events = [
        TimelineEntry(
            when=r.history_date,
            who=str(r.history_user) if r.history_user else _("Hệ thống"),
            action=_agenda_action(r),
        )
        for r in records
    ]
    merged = [*timeline(session, limit=TIMELINE_LENGTH), *events]
    return sorted(merged, key=lambda e: e.when, reverse=True)[:TIMELINE_LENGTH]
