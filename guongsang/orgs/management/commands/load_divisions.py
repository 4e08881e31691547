"""``manage.py load_divisions``: Vietnam's administrative map (34 provinces, 3,321 communes).

The map comes from the ``vietnam-provinces`` package (the two-level map in force since
1 July 2025) and hangs under a national root unit (code "VN"). Units are matched by their
official code, (kind, code), never by name or place, so units that a test tree or an earlier
run created with the same codes are reused rather than duplicated, and a rename in the
package data renames the unit (with a history row) instead of adding a second one.

Inserting 3,355 units one ``add_child`` at a time costs thousands of queries (treebeard locks
and re-reads the parent each time); instead the command computes the materialised paths
itself and writes each level with one ``bulk_create`` and one bulk history insert.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import vietnam_provinces
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, Max
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from guongsang.core.text import fold
from guongsang.orgs.models import OrgUnit

NATION_CODE = "VN"
BATCH_SIZE = 500


@dataclass
class Division:
    """One unit of the package's map, as this command needs it."""

    code: str
    name: str
    parent_code: str = ""


@dataclass
class Outcome:
    """What one run did, per kind of unit: how many were created, renamed, already there."""

    created: int = 0
    renamed: int = 0
    present: int = 0


def province_code(code: int) -> str:
    """The official two-digit province code ("01" for Hà Nội)."""
    return f"{int(code):02d}"


def commune_code(code: int) -> str:
    """The official five-digit commune code ("00235" for Phường Đống Đa)."""
    return f"{int(code):05d}"


def package_divisions() -> tuple[list[Division], list[Division]]:
    """The provinces and communes of the installed ``vietnam-provinces`` data, in code order."""
    provinces = [
        Division(code=province_code(p.code), name=p.name) for p in vietnam_provinces.Province.iter_all()
    ]
    communes = [
        Division(code=commune_code(w.code), name=w.name, parent_code=province_code(w.province_code))
        for w in vietnam_provinces.Ward.iter_all()
    ]
    provinces.sort(key=lambda d: d.code)
    communes.sort(key=lambda d: d.code)
    return provinces, communes


def _nation() -> tuple[OrgUnit, bool]:
    """The national root unit, created when missing."""
    nation = OrgUnit.objects.filter(kind=OrgUnit.Kind.NATION, code=NATION_CODE).first()
    if nation is not None:
        return nation, False
    nation = OrgUnit.objects.add_root({"kind": OrgUnit.Kind.NATION, "code": NATION_CODE, "name": "Việt Nam"})
    return nation, True


def _next_step(parent: OrgUnit) -> int:
    """The position after the parent's last child (1 for a parent without children).

    Computed from the children's paths rather than ``numchild``, which only counts and would
    collide with a child added after a sibling was moved away.
    """
    last = OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).aggregate(
        last=Max("path")
    )["last"]
    return OrgUnit._str2int(last[-OrgUnit.steplen :]) + 1 if last else 1


def _sync_level(kind: str, divisions: list[Division], parents: dict[str, OrgUnit]) -> tuple[dict, Outcome]:
    """Make the units of one level match ``divisions``; returns them by code and what was done.

    ``parents`` maps a division's ``parent_code`` to the unit it goes under.
    """
    outcome = Outcome()
    existing = {
        unit.code: unit for unit in OrgUnit.objects.filter(kind=kind, code__in=[d.code for d in divisions])
    }
    renamed = []
    missing: dict[str, list[Division]] = defaultdict(list)
    for division in divisions:
        unit = existing.get(division.code)
        if unit is None:
            missing[division.parent_code].append(division)
        elif unit.name != division.name:
            unit.name = division.name
            renamed.append(unit)
        else:
            outcome.present += 1
    for unit in renamed:
        # A rename is rare and worth its own history row, written the ordinary way.
        unit.save(update_fields=["name", "name_folded"])
    outcome.renamed = len(renamed)

    new_units = []
    for parent_code, group in missing.items():
        parent = parents[parent_code]
        step = _next_step(parent)
        for offset, division in enumerate(group):
            new_units.append(
                OrgUnit(
                    path=OrgUnit._get_path(parent.path, parent.depth + 1, step + offset),
                    depth=parent.depth + 1,
                    numchild=0,
                    kind=kind,
                    code=division.code,
                    name=division.name,
                    # save() is bypassed by bulk_create: fold here as save() would.
                    name_folded=fold(division.name),
                )
            )
        OrgUnit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(group))
    if new_units:
        bulk_create_with_history(new_units, OrgUnit, batch_size=BATCH_SIZE)
        for unit in new_units:
            existing[unit.code] = unit
    outcome.created = len(new_units)
    return existing, outcome


def load_divisions() -> tuple[bool, Outcome, Outcome]:
    """Bring the org tree's provinces and communes in line with the package's map.

    Returns whether the national root was created, and the outcome for provinces and communes.
    """
    provinces, communes = package_divisions()
    with transaction.atomic():
        nation, nation_created = _nation()
        by_code, province_outcome = _sync_level(
            OrgUnit.Kind.PROVINCE,
            [Division(d.code, d.name, NATION_CODE) for d in provinces],
            {NATION_CODE: nation},
        )
        # Parents are re-read: their numchild changed in the database, not on these objects.
        parents = {
            unit.code: unit for unit in OrgUnit.objects.filter(pk__in=[u.pk for u in by_code.values()])
        }
        _units, commune_outcome = _sync_level(OrgUnit.Kind.COMMUNE, communes, parents)
    return nation_created, province_outcome, commune_outcome


class Command(BaseCommand):
    help = gettext_lazy("Nạp bản đồ hành chính Việt Nam (34 tỉnh, thành phố; 3.321 xã, phường, đặc khu).")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        nation_created, provinces, communes = load_divisions()
        elapsed = time.perf_counter() - started

        def n(value: int) -> str:
            return formats.number_format(value, force_grouping=True)

        if (
            not nation_created
            and not (provinces.created or provinces.renamed)
            and not (communes.created or communes.renamed)
        ):
            self.stdout.write(
                _(
                    "Không có thay đổi: %(provinces)s tỉnh, thành phố và %(communes)s xã, phường, "
                    "đặc khu đã có."
                )
                % {"provinces": n(provinces.present), "communes": n(communes.present)}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nạp bản đồ hành chính trong %(seconds)s giây: tỉnh, thành phố — %(p_new)s thêm mới, "
                    "%(p_renamed)s đổi tên, %(p_kept)s giữ nguyên; xã, phường, đặc khu — %(c_new)s thêm mới, "
                    "%(c_renamed)s đổi tên, %(c_kept)s giữ nguyên."
                )
                % {
                    "seconds": formats.number_format(elapsed, 1),
                    "p_new": n(provinces.created),
                    "p_renamed": n(provinces.renamed),
                    "p_kept": n(provinces.present),
                    "c_new": n(communes.created),
                    "c_renamed": n(communes.renamed),
                    "c_kept": n(communes.present),
                }
            )
        )
