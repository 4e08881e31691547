"""Read queries over councils and sessions, and what a session page shows to whom.

What a secret vote shows is decided here, once: while voting is open only how many members have
voted; after closing only the totals. Never who chose what.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from guongsang.core.permissions import visible_to

from .models import AgendaItem, Attendance, BallotReceipt, Council, CouncilMember, CouncilSession


def councils_for(user) -> QuerySet[Council]:
    return visible_to(user, Council.objects.select_related("unit")).order_by("-term_start", "name")


def sessions_for(user) -> QuerySet[CouncilSession]:
    return visible_to(user, CouncilSession.objects.select_related("council__unit")).order_by(
        "-held_on", "-pk"
    )


@dataclass
class ItemView:
    """One agenda line as the session page and the API show it."""

    item: AgendaItem
    cast: int
    yes: int | None
    no: int | None
    abstain: int | None
    written_yes: int | None
    written_no: int | None
    written_abstain: int | None
    i_voted: bool
    ballots: list  # open votes only: (member name, choice label)


def agenda_view(session: CouncilSession, viewer_member: CouncilMember | None) -> list[ItemView]:
    """The agenda with what may be shown: live counts and names for open votes, for secret votes
    the number cast while voting and the totals once closed."""
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
    views = []
    for item in items:
        show_counts = closed or not item.secret
        views.append(
            ItemView(
                item=item,
                cast=item.yes
                + item.no
                + item.abstain
                + item.written_yes
                + item.written_no
                + item.written_abstain,
                yes=item.yes if show_counts else None,
                no=item.no if show_counts else None,
                abstain=item.abstain if show_counts else None,
                written_yes=item.written_yes if show_counts else None,
                written_no=item.written_no if show_counts else None,
                written_abstain=item.written_abstain if show_counts else None,
                i_voted=item.pk in voted,
                ballots=[]
                if item.secret
                else [(str(b.member.user), b.get_choice_display(), b.written) for b in item.ballots.all()],
            )
        )
    return views


def attendance_of(session: CouncilSession) -> list[Attendance]:
    return list(session.attendance.select_related("member__user").order_by("member__position", "member__pk"))


def seat_of(session: CouncilSession, user) -> CouncilMember | None:
    return session.council.members.filter(user=user, votes=True).first() if user.is_authenticated else None
