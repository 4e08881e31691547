"""Earlier versions of the rules, with their real effective dates, in databases seeded before.

The first seed started Nghị định 98/2023 on 01/01/2024 (it took effect on 15/01/2024) and
Quyết định 71/2025/QĐ-UBND on 01/10/2025 (it took effect on 06/12/2025): those starts are moved
to the real days, then the versions before them are added (``catalogue.add_missing_versions``).
A fresh database has no catalogue yet: the seed creates it whole.
"""

import datetime as dt

from django.db import migrations

CORRECTED_STARTS = [
    # (award type code or None for every national type, basis contains, seeded start, real start)
    (None, "98/2023", dt.date(2024, 1, 1), dt.date(2024, 1, 15)),
    ("cong-dan-thu-do-uu-tu", "71/2025", dt.date(2025, 10, 1), dt.date(2025, 12, 6)),
]


def forwards(apps, schema_editor):
    from guongsang.awards.catalogue import add_missing_versions

    award_type_model = apps.get_model("awards", "AwardType")
    rule_model = apps.get_model("awards", "AwardRule")
    for code, basis, seeded, real in CORRECTED_STARTS:
        rules = rule_model.objects.filter(effective_from=seeded, legal_basis__contains=basis)
        if code:
            rules = rules.filter(award_type__code=code)
        for rule in rules:
            previous = rule_model.objects.filter(award_type=rule.award_type_id, effective_to=seeded)
            previous.update(effective_to=real)
            rule.effective_from = real
            rule.save(update_fields=["effective_from"])
    add_missing_versions(award_type_model, rule_model, write=lambda message: None)


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_decision_not_issued")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
