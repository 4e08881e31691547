"""The councils' part of the demo: the city's council, and a closed secret session that
recommends the appraised dossiers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from guongsang.accounts.models import User
from guongsang.accounts.services import create_user
from guongsang.core.permissions import Role
from guongsang.councils import services as councils
from guongsang.councils.models import Council, CouncilMember

from .accounts import DEMO_PASSWORD

DEMO_COUNCIL = "Hội đồng Thi đua - Khen thưởng thành phố Hà Nội"


def built(city) -> bool:
    """Whether the vetting story is already there: its council is its last-made landmark."""
    return Council.objects.filter(unit=city, name=DEMO_COUNCIL).exists()


def session(demo) -> None:
    """The council (three demo logins and eight members), a session on the appraised dossiers,
    everyone present voting yes; the session closed."""
    if not demo.ready:
        return
    admin, city = demo.admin, demo.city
    council = councils.create_council(admin, city, name=DEMO_COUNCIL, term_start=dt.date(2026, 1, 1))
    seats = [
        ("chutich.hanoi", CouncilMember.Position.CHAIR, True),
        ("hoidong.hanoi", CouncilMember.Position.MEMBER, True),
        ("thuky.hanoi", CouncilMember.Position.SECRETARY, False),
    ]
    for username, position, votes in seats:
        user = User.objects.filter(username=username).first()
        if user is not None:
            councils.add_member(admin, council, user, position=position, votes=votes)
    for index in range(1, 9):
        username = f"uyvien{index}.hanoi"
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _ = create_user(
                admin,
                city,
                username=username,
                full_name=f"Ủy viên Hội đồng số {index}",
                role=Role.COUNCIL_MEMBER,
                password=DEMO_PASSWORD,
            )
        councils.add_member(admin, council, user)
    meeting = councils.create_session(
        admin,
        council,
        title=f"Phiên họp xét Công dân Thủ đô ưu tú năm {demo.year}",
        held_on=timezone.localdate(),
        place="Trụ sở Ủy ban nhân dân thành phố",
    )
    items = [councils.add_to_agenda(admin, meeting, d.__class__.objects.get(pk=d.pk)) for d in demo.ready]
    voters = list(councils.voting_members(council, meeting.held_on))
    councils.record_attendance(admin, meeting, {m.pk for m in voters})
    councils.open_session(admin, meeting)
    for item in items:
        for member in voters:
            councils.cast_ballot(member.user, item, "yes")
    councils.close_session(admin, meeting, notes="Hội đồng thống nhất đề nghị.")
    demo.passed = [d.__class__.objects.get(pk=d.pk) for d in demo.ready]
