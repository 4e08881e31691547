"""The data migration that gives databases seeded before the real effective dates of the rules."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from guongsang.awards.models import AwardRule, AwardType

pytestmark = pytest.mark.django_db


def test_migration_moves_seeded_starts_to_the_real_days_and_adds_earlier_versions(org_tree):
    t = AwardType.objects.create(
        code="cong-dan-thu-do-uu-tu",
        name="CDTĐUT",
        category="title",
        subject_kinds=["individual"],
        level="province",
        decider_kind="province",
    )
    AwardRule.objects.create(
        award_type=t, effective_from=dt.date(2025, 10, 1), legal_basis="Quyết định 71/2025/QĐ-UBND"
    )
    g = AwardType.objects.create(
        code="giay-khen",
        name="GK",
        category="form",
        subject_kinds=["individual"],
        level="commune",
        decider_kind="commune",
    )
    AwardRule.objects.create(
        award_type=g,
        effective_from=dt.date(2024, 1, 1),
        effective_to=dt.date(2025, 7, 1),
        legal_basis="Luật; Nghị định 98/2023/NĐ-CP",
    )
    AwardRule.objects.create(
        award_type=g, effective_from=dt.date(2025, 7, 1), legal_basis="Luật; Nghị định 152/2025/NĐ-CP"
    )
    m = importlib.import_module("guongsang.awards.migrations.0006_earlier_rule_versions")
    m.forwards(apps, None)
    assert sorted((r.effective_from, r.effective_to) for r in t.rules.all()) == [
        (dt.date(2018, 1, 26), dt.date(2024, 6, 8)),
        (dt.date(2024, 6, 8), dt.date(2025, 12, 6)),
        (dt.date(2025, 12, 6), None),
    ]
    assert sorted((r.effective_from, r.effective_to) for r in g.rules.all()) == [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 15)),
        (dt.date(2024, 1, 15), dt.date(2025, 7, 1)),
        (dt.date(2025, 7, 1), None),
    ]
