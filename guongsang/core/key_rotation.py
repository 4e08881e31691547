"""Key rotation for encrypted columns: re-encrypt with the newest field key, re-hash blind
indexes with the newest lookup key (``manage.py rotate_keys``).

Every model column that is an :class:`~guongsang.core.crypto.EncryptedTextField` is found
generically (historical tables included), with the blind index named by its ``index_field``.

Why this never loses data: a row is rewritten only from the plain value just decrypted from
that very row, inside the transaction that locks it, and the old keys stay listed (newest first)
until the rotation reports nothing left. Stopped at any point, every row still decrypts under
the configured keys, and a second run picks up where the first stopped. A row no key decrypts
is never touched: it is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from .crypto import EncryptedTextField, blind_index, decrypt, encrypted_fields, is_current


@dataclass
class RotationReport:
    """What a rotation did (or, in a check, would do) to one model."""

    label: str
    rows: int = 0
    seen: int = 0
    reencrypted: int = 0
    rehashed: int = 0
    unreadable: list[tuple[object, str]] = field(default_factory=list)


def encrypted_models() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every installed model with encrypted columns, and those columns, in a stable order."""
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        fields = encrypted_fields(model)
        if fields and not model._meta.proxy:
            yield model, fields


def rotate_model(
    model: type[models.Model],
    fields: list[EncryptedTextField],
    *,
    encryption: bool,
    lookup: bool,
    batch_size: int = 500,
    dry_run: bool = False,
    progress: Callable[[RotationReport], None] | None = None,
) -> RotationReport:
    """Re-encrypt (``encryption``) and re-hash (``lookup``) every row of ``model`` that is not
    yet under the newest key, one transaction per batch of ``batch_size`` rows; with
    ``dry_run``, only count. ``progress`` is called after each batch."""
    report = RotationReport(model._meta.label)
    manager = model._base_manager
    report.rows = manager.count()
    raw = {f"_raw_{f.attname}": Cast(models.F(f.attname), models.TextField()) for f in fields}
    index_names = [f.index_field for f in fields if f.index_field]
    last_pk = None
    while True:
        page = manager.order_by("pk")
        if last_pk is not None:
            page = page.filter(pk__gt=last_pk)
        ids = list(page.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        last_pk = ids[-1]
        with transaction.atomic():
            rows = (
                manager.select_for_update()
                .filter(pk__in=ids)
                .annotate(**raw)
                .values("pk", *raw.keys(), *index_names)
            )
            for row in rows:
                changes = _changes(row, fields, encryption=encryption, lookup=lookup, report=report)
                if changes and not dry_run:
                    # update(), not save(): no history row, no "updated at", no signal; the field
                    # encrypts the plain value with the newest key on the way in.
                    manager.filter(pk=row["pk"]).update(**changes)
        report.seen += len(ids)
        if progress is not None:
            progress(report)
    return report


def _changes(row: dict, fields, *, encryption: bool, lookup: bool, report: RotationReport) -> dict:
    changes: dict = {}
    for f in fields:
        token = row[f"_raw_{f.attname}"]
        if not token:
            continue
        try:
            plain = decrypt(token)
        except ValueError:
            report.unreadable.append((row["pk"], f.name))
            continue
        if encryption and not is_current(token):
            changes[f.attname] = plain
            report.reencrypted += 1
        if lookup and f.index_field:
            index = blind_index(plain)
            if row[f.index_field] != index:
                changes[f.index_field] = index
                report.rehashed += 1
    return changes
