"""Every public page of the portal, for the checks that run over all of them: axe-core in
Chromium (tests/browser/test_portal.py) and the Nu Html Checker (tests/portal/test_portal_validity.py).
"""

from __future__ import annotations

import datetime

from guongsang.accounts.models import User
from guongsang.awards.models import AwardType, Decision, Recognition
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit
from guongsang.stories.models import Story


def recognition_of(person: Nominee, unit: OrgUnit, signer: User) -> Recognition:
    """A signed recognition of ``person``, so that its verification page has something to show.

    Test data only: the vetting flow that makes real ones is tested in tests/awards."""
    award_type, _ = AwardType.objects.get_or_create(
        code="nguoi-tot-viec-tot-kiem-thu",
        defaults={
            "name": "Người tốt, việc tốt",
            "category": AwardType.Category.TITLE,
            "subject_kinds": ["individual"],
            "level": AwardType.Level.PROVINCE,
            "decider_kind": OrgUnit.Kind.PROVINCE,
        },
    )
    decision = Decision.objects.create(
        issuing_unit=unit,
        award_type=award_type,
        award_year=2025,
        number=5,
        year=2026,
        title="Về việc tặng danh hiệu Người tốt, việc tốt năm 2025",
        status=Decision.Status.SIGNED,
        signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Ký",
        signed_on=datetime.date(2026, 1, 5),
        created_by=signer,
    )
    return Recognition.objects.create(
        nominee=person, award_type=award_type, level=award_type.level, unit=unit, year=2025, decision=decision
    )


def public_urls(
    *, story: Story, unit: OrgUnit, empty_unit: OrgUnit, person: Nominee, recognition: Recognition
) -> dict[str, str]:
    """Name → path of every public page, with filters and searches that find something and
    some that do not; ``empty_unit`` has published nothing yet."""
    return {
        "home": "/tin-tuc/",
        "column": "/tin-tuc/nguoi-tot-viec-tot/",
        "column-filtered": f"/tin-tuc/nguoi-tot-viec-tot/?unit={unit.pk}&field={story.field_id}"
        f"&year={story.published_at.year}&q=lop+hoc",
        "column-empty": "/tin-tuc/nguoi-tot-viec-tot/?q=khong+co+bai+nao+nhu+vay",
        "story": story.get_public_url(),
        "unit": f"/tin-tuc/don-vi/{unit.pk}/",
        "embed": f"/tin-tuc/don-vi/{unit.pk}/nhung/",
        "unit-empty": f"/tin-tuc/don-vi/{empty_unit.pk}/",
        "exemplars": "/tin-tuc/guong-sang/",
        "exemplar": f"/tin-tuc/guong-sang/{person.pk}/",
        "search": "/tin-tuc/tim-kiem/?q=lop+hoc+tinh+thuong",
        "search-nothing": "/tin-tuc/tim-kiem/?q=zzqxw",
        "search-blank": "/tin-tuc/tim-kiem/",
        "books": "/tin-tuc/sach/",
        "verify": f"/xac-minh/{recognition.verify_code}/",
        "verify-unknown": "/xac-minh/KHONGCOMA123/",
        "report-form": "/bao-tin/",
        "report-status": "/bao-tin/tra-cuu/",
    }
