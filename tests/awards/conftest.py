"""The council fixtures, and ``passed(n)``: dossiers the city's council recommended."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.councils import services as councils
from tests.councils.conftest import (  # noqa: F401  (fixtures used by the decision tests)
    appraised,
    catalogue,
    city_head,
    council,
    secretary,
    voters,
)


@pytest.fixture
def passed(council, secretary, voters, appraised):  # noqa: F811 (the imported fixtures)
    """``passed(count, code)``: that many dossiers for ``code`` put through one council session."""

    def make(count: int = 1, code: str = "cong-dan-thu-do-uu-tu", **nominee):
        session = councils.create_session(
            secretary, council, title=f"Phiên {code}", held_on=dt.date(2026, 12, 20), place="Hà Nội"
        )
        items = [
            councils.add_to_agenda(secretary, session, appraised(code, f"Người thứ {index}", **nominee))
            for index in range(count)
        ]
        councils.record_attendance(secretary, session, {m.pk for m in voters})
        councils.open_session(secretary, session)
        for item in items:
            for member in voters:
                councils.cast_ballot(member.user, item, "yes")
        councils.close_session(secretary, session)
        return [item.nomination.__class__.objects.get(pk=item.nomination_id) for item in items]

    return make
