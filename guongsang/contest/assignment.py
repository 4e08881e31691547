"""Assigning judges to entries: k judges per entry, balanced loads, no conflict of interest
(the judge's own unit and the units below it, the person's commune, declared conflicts).

Pure computation (no database): ``services.assign_judges`` feeds it and stores the result.

The plan is reproducible: the same entries, judges, conflicts and seed give the same plan. It is
explainable: every pair carries a sentence saying why that judge was chosen and who was left out
for a conflict. The algorithm is greedy least-loaded with a repair pass:

1. Entries with the fewest eligible judges go first (they have the least room), the rest in a
   seeded random order.
2. Each entry takes the k eligible judges with the lowest load (ties broken by a seeded draw,
   so no two judges are always paired), never above the cap (``ceil(N·k / judges)`` unless the
   organiser set one).
3. While some judge has two more entries than another, an entry moves from the busiest judge to
   the idlest one that has no conflict with it and does not already read it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JudgeInfo:
    """A judge, their unit, and the unit's tree path when entries from the units below it are
    conflicts too (``None`` for a judge from the organiser's own level or above: every entry of
    the contest comes from below them, and they would have nothing left to read)."""

    id: int
    name: str
    unit_id: int | None
    unit_path: str | None = None


@dataclass(frozen=True)
class EntryInfo:
    """An entry: the unit that sent it and the commune of its person, with their tree paths."""

    id: int
    unit_id: int | None
    subject_commune_id: int | None
    unit_path: str | None = None
    subject_path: str | None = None


@dataclass
class Plan:
    """The result: (entry id, judge id, why) triples, final loads, and entries left short."""

    pairs: list[tuple[int, int, str]] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    short: dict[int, int] = field(default_factory=dict)  # entry id → judges missing

    @property
    def spread(self) -> int:
        return (max(self.loads.values()) - min(self.loads.values())) if self.loads else 0


REASON_SAME_UNIT = "cùng đơn vị với đơn vị gửi bài"
REASON_SUBJECT_UNIT = "đơn vị công tác là nơi của nhân vật"
REASON_SUBTREE_UNIT = "đơn vị gửi bài trực thuộc đơn vị công tác"
REASON_SUBTREE_SUBJECT = "nơi của nhân vật trực thuộc đơn vị công tác"


def conflicts_of(
    entry: EntryInfo,
    judges_by_unit: dict[int, list[JudgeInfo]],
    declared: dict[int, dict[int, str]],
    subtree: Iterable[JudgeInfo] = (),
) -> dict[int, str]:
    """The judges who may not read ``entry``, with the reason for each: the judge's own unit
    sent it or is its person's commune, or (``subtree``: judges with a ``unit_path``) a unit
    below the judge's did or is."""
    found: dict[int, str] = {}
    for judge in judges_by_unit.get(entry.unit_id, ()) if entry.unit_id is not None else ():
        found[judge.id] = REASON_SAME_UNIT
    if entry.subject_commune_id is not None:
        for judge in judges_by_unit.get(entry.subject_commune_id, ()):
            found.setdefault(judge.id, REASON_SUBJECT_UNIT)
    for judge in subtree:
        if entry.unit_path and entry.unit_path.startswith(judge.unit_path):
            found.setdefault(judge.id, REASON_SUBTREE_UNIT)
        elif entry.subject_path and entry.subject_path.startswith(judge.unit_path):
            found.setdefault(judge.id, REASON_SUBTREE_SUBJECT)
    for judge_id, reason in declared.get(entry.id, {}).items():
        found[judge_id] = f"đã khai xung đột: {reason}"
    return found


def plan(
    entries: Iterable[EntryInfo],
    judges: list[JudgeInfo],
    *,
    k: int,
    seed: int,
    declared: dict[int, dict[int, str]] | None = None,
    cap: int | None = None,
) -> Plan:
    """Plan the assignment of ``k`` judges to each entry (see the module docstring)."""
    declared = declared or {}
    entries = sorted(entries, key=lambda e: e.id)
    result = Plan(loads={j.id: 0 for j in judges})
    if not entries or not judges:
        result.short = {e.id: k for e in entries}
        return result
    rng = random.Random(seed)  # noqa: S311 — reproducibility, not secrecy
    names = {j.id: j.name for j in judges}
    by_unit: dict[int, list[JudgeInfo]] = {}
    for judge in judges:
        if judge.unit_id is not None:
            by_unit.setdefault(judge.unit_id, []).append(judge)
    subtree = [j for j in judges if j.unit_path]
    conflicts = {e.id: conflicts_of(e, by_unit, declared, subtree) for e in entries}
    strict_cap = cap is not None
    cap = cap or math.ceil(len(entries) * k / len(judges))

    order = list(entries)
    rng.shuffle(order)
    # Fewest eligible judges first; the shuffle decides among equals (sort is stable).
    order.sort(key=lambda e: -len(conflicts[e.id]))

    loads = result.loads
    chosen: dict[int, list[int]] = {}
    why: dict[tuple[int, int], str] = {}
    judge_ids = [j.id for j in judges]
    for entry in order:
        excluded = conflicts[entry.id]
        eligible = [j for j in judge_ids if j not in excluded]
        draws = {j: rng.random() for j in eligible}
        under_cap = sorted((j for j in eligible if loads[j] < cap), key=lambda j: (loads[j], draws[j]))
        picked = under_cap[:k]
        over = False
        if len(picked) < k and not strict_cap:
            rest = sorted((j for j in eligible if j not in picked), key=lambda j: (loads[j], draws[j]))
            picked += rest[: k - len(picked)]
            over = True
        if len(picked) < k:
            result.short[entry.id] = k - len(picked)
        left_out = ""
        if excluded:
            left_out = "; không chọn " + ", ".join(
                f"{names.get(j, j)} ({reason})" for j, reason in sorted(excluded.items()) if j in names
            )
        for judge_id in picked:
            why[(entry.id, judge_id)] = (
                f"Giám khảo đang có {loads[judge_id]} bài, ít nhất trong {len(eligible)} giám khảo "
                f"không xung đột" + (" (vượt mức chia đều vì thiếu người)" if over else "") + left_out
            )
            loads[judge_id] += 1
        chosen[entry.id] = picked

    _rebalance(chosen, conflicts, loads, why, names)
    for entry in entries:
        for judge_id in chosen.get(entry.id, []):
            result.pairs.append((entry.id, judge_id, why[(entry.id, judge_id)]))
    return result


def _rebalance(chosen, conflicts, loads, why, names) -> None:
    """Move entries from busier to idler judges until loads differ by at most one, or no move is
    possible (every entry a busy judge holds conflicts with, or is already read by, the idle ones).
    Each move lowers the sum of squared loads, so this ends."""
    held: dict[int, set[int]] = {j: set() for j in loads}
    for entry_id, judge_ids in chosen.items():
        for judge_id in judge_ids:
            held[judge_id].add(entry_id)

    def move() -> bool:
        by_load = sorted(loads, key=lambda j: (loads[j], j))
        for low in by_load:
            for high in reversed(by_load):
                if loads[high] - loads[low] < 2:
                    break
                for entry_id in sorted(held[high]):
                    if low in conflicts[entry_id] or low in chosen[entry_id]:
                        continue
                    chosen[entry_id] = [low if j == high else j for j in chosen[entry_id]]
                    held[high].discard(entry_id)
                    held[low].add(entry_id)
                    loads[high] -= 1
                    loads[low] += 1
                    why.pop((entry_id, high), None)
                    why[(entry_id, low)] = (
                        f"Chuyển từ {names.get(high, high)} để cân bằng số bài giữa các giám khảo; "
                        f"không xung đột lợi ích"
                    )
                    return True
        return False

    while max(loads.values()) - min(loads.values()) > 1 and move():
        pass


def pick_replacement(
    entry: EntryInfo,
    judges: list[JudgeInfo],
    loads: dict[int, int],
    *,
    already: set[int],
    declared: dict[int, dict[int, str]],
    seed: int,
) -> JudgeInfo | None:
    """The judge who takes over an entry from one who declared a conflict: the least loaded one
    without a conflict who does not already read it (seeded tie-break, so reproducible)."""
    by_unit: dict[int, list[JudgeInfo]] = {}
    for judge in judges:
        if judge.unit_id is not None:
            by_unit.setdefault(judge.unit_id, []).append(judge)
    excluded = conflicts_of(entry, by_unit, declared, [j for j in judges if j.unit_path])
    rng = random.Random(seed * 1_000_003 + entry.id)  # noqa: S311 — reproducible tie-break
    candidates = [j for j in judges if j.id not in excluded and j.id not in already]
    if not candidates:
        return None
    draws = {j.id: rng.random() for j in candidates}
    return min(candidates, key=lambda j: (loads.get(j.id, 0), draws[j.id]))
