"""Validating the rows of a dossier file with the services' own checks, against what the rows
refer to (units, award types, fields, deciding units, checklists) loaded once for the whole file;
then deciding whose dossier each row is: a person the system or an earlier row already holds,
or a new one, with a warning for a likely duplicate."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from guongsang.awards.models import AwardType
from guongsang.core.crypto import blind_indexes
from guongsang.core.permissions import can
from guongsang.core.text import fold
from guongsang.nominees import selectors as nominee_selectors
from guongsang.nominees.excel import RowIssue
from guongsang.nominees.models import Nominee
from guongsang.nominees.services import normalize_cccd, normalize_phone
from guongsang.orgs.models import OrgUnit

from ..models import Nomination
from ..services import dossiers, routing
from .layout import (
    _GENDERS,
    _KINDS,
    _NOMINATION_UNCHECKED,
    _NOMINEE_UNCHECKED,
    _SERVICE_FIELDS,
    BATCH,
    COLUMN_BY_KEY,
    _text,
)


@dataclass
class ImportReport:
    """What an import did: every bad row (then nothing was written), warnings, what was written."""

    rows: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    created: int = 0
    nominees_created: int = 0
    nominees_reused: int = 0
    # The first dossiers written, as (id, code, nominee name), for links on the summary page.
    sample: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({issue.row for issue in self.errors})

    def as_dict(self) -> dict:
        """The report as JSON, kept on the job of a background import."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        return cls(
            rows=data.get("rows", 0),
            errors=[RowIssue(**issue) for issue in data.get("errors", [])],
            warnings=[RowIssue(**issue) for issue in data.get("warnings", [])],
            created=data.get("created", 0),
            nominees_created=data.get("nominees_created", 0),
            nominees_reused=data.get("nominees_reused", 0),
            sample=[tuple(item) for item in data.get("sample", [])],
        )


@dataclass
class _Row:
    """One valid row, ready to write: its nominee (new or existing) and its dossier."""

    number: int
    nominee: Nominee
    nomination: Nomination
    new_nominee: bool


class _Lookups:
    """Everything rows refer to, loaded once for the whole file."""

    def __init__(self, actor, rows: list[tuple[int, dict]]):
        from guongsang.movements.models import Field
        from guongsang.movements.selectors import criteria_for

        self.actor = actor
        self._criteria_for = criteria_for
        references = {_text(values.get("unit")) for _n, values in rows} - {""}
        ids = [int(r) for r in references if r.isdigit() and len(r) < 18]
        self.units_by_code: dict[str, list[OrgUnit]] = {}
        self.units_by_id: dict[int, OrgUnit] = {}
        codes = sorted(references)
        for start in range(0, max(len(codes), len(ids)), BATCH):
            chunk_codes, chunk_ids = codes[start : start + BATCH], ids[start : start + BATCH]
            for unit in OrgUnit.objects.filter(Q(code__in=chunk_codes) | Q(pk__in=chunk_ids)):
                if unit.code in references:
                    self.units_by_code.setdefault(unit.code, []).append(unit)
                self.units_by_id[unit.pk] = unit
        self.awards: dict[str, AwardType] = {}
        for award in AwardType.objects.select_related("province"):
            self.awards[award.code.lower()] = award
            self.awards.setdefault(award.name_folded, award)
        self.fields: dict[str, Field] = {}
        for item in Field.objects.all():
            self.fields[item.code.lower()] = item
            self.fields.setdefault(fold(item.name), item)
        self._deciders: dict[tuple[int, str], OrgUnit] = {}
        self._criteria: dict[tuple[int, int], list] = {}

    def unit(self, reference: str) -> OrgUnit:
        matches = self.units_by_code.get(reference, [])
        if len(matches) > 1:
            raise ValidationError(
                {
                    "unit": _("Mã “%(value)s” trùng nhiều đơn vị; hãy ghi mã số ở trang Đơn vị.")
                    % {"value": reference}
                }
            )
        if matches:
            return matches[0]
        if reference.isdigit() and int(reference) in self.units_by_id:
            return self.units_by_id[int(reference)]
        raise ValidationError({"unit": _("Không tìm thấy đơn vị có mã “%(value)s”.") % {"value": reference}})

    def decider(self, unit: OrgUnit, award: AwardType) -> OrgUnit:
        # ``decider_for`` reads only the award's deciding kind: award types share the answer.
        key = (unit.pk, award.decider_kind)
        if key not in self._deciders:
            self._deciders[key] = routing.decider_for(unit, award)
        return self._deciders[key]

    def criteria(self, receiving_unit: OrgUnit, year: int) -> list:
        key = (receiving_unit.pk, year)
        if key not in self._criteria:
            self._criteria[key] = self._criteria_for(receiving_unit, None, year=year)
        return self._criteria[key]


def _issues(number: int, error: ValidationError, default_key: str = "") -> list[RowIssue]:
    if not hasattr(error, "error_dict"):
        label = COLUMN_BY_KEY[default_key].label if default_key else ""
        return [RowIssue(number, label, message) for message in error.messages]
    issues = []
    for key, messages in error.message_dict.items():
        column = COLUMN_BY_KEY.get(_SERVICE_FIELDS.get(key, key))
        issues.extend(RowIssue(number, column.label if column else "", message) for message in messages)
    return issues


def _int_cell(value) -> int | None:
    """A whole number typed in a cell (1980, "1980", 1980.0); None when it is not one."""
    if isinstance(value, dt.date):
        return value.year
    text = _text(value)
    return int(text) if text.isdigit() and len(text) <= 4 else None


def _parse_row(number: int, values: dict[str, object], lookups: _Lookups, today: dt.date):
    """Validate one row with the services' checks; returns the unsaved nominee and dossier, or
    raises a ``ValidationError`` naming every bad cell of the row."""
    errors: dict[str, list[str]] = {}

    def bad(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    def absorb(error: ValidationError, key: str) -> None:
        by_field = error.message_dict if hasattr(error, "error_dict") else {key: error.messages}
        for field_name, messages in by_field.items():
            target = _SERVICE_FIELDS.get(field_name, field_name)
            for message in messages:
                bad(target if target in COLUMN_BY_KEY else key, message)

    actor = lookups.actor
    nominee = Nominee(created_by=actor)
    kind = fold(_text(values.get("kind")))
    if kind and kind not in _KINDS:
        bad("kind", _("Loại phải là Cá nhân, Tập thể hoặc Hộ gia đình."))
    nominee.kind = _KINDS.get(kind, Nominee.Kind.INDIVIDUAL)
    nominee.full_name = _text(values.get("full_name"))
    if not nominee.full_name:
        bad("full_name", _("Hãy nhập họ và tên (hoặc tên tập thể, hộ gia đình)."))
    nominee.name_folded = fold(nominee.full_name)
    gender = fold(_text(values.get("gender")))
    if gender and gender not in _GENDERS:
        bad("gender", _("Giới tính phải là Nam hoặc Nữ."))
    nominee.gender = _GENDERS.get(gender, "")
    birth = values.get("birth_year")
    if _text(birth):
        nominee.birth_year = _int_cell(birth)
        if nominee.birth_year is None:
            bad("birth_year", _("Năm sinh “%(value)s” phải là một số, ví dụ 1980.") % {"value": _text(birth)})
        elif not 1900 <= nominee.birth_year <= today.year:
            bad("birth_year", _("Năm sinh phải từ 1900 đến %(year)s.") % {"year": today.year})
    nominee.position = _text(values.get("position"))
    cccd = _text(values.get("cccd"))
    # A number typed into a number cell loses its leading zeros.
    cccd = cccd.zfill(12) if cccd.isdigit() and 9 < len(cccd) < 12 else cccd
    try:
        nominee.set_cccd(normalize_cccd(cccd))
    except ValidationError as error:
        absorb(error, "cccd")
    phone = _text(values.get("phone"))
    phone = "0" + phone if phone.isdigit() and len(phone) in (9, 10) and phone[0] != "0" else phone
    try:
        nominee.phone = normalize_phone(phone)
    except ValidationError as error:
        absorb(error, "phone")
    if nominee.kind == Nominee.Kind.COLLECTIVE:
        if nominee.cccd:
            bad("cccd", _("Tập thể không có số CCCD."))
        if nominee.gender or nominee.birth_year:
            bad("kind", _("Tập thể không có giới tính, ngày sinh hay năm sinh."))
    try:
        nominee.clean_fields(exclude=_NOMINEE_UNCHECKED)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            # A cell already refused on input needs no second message.
            if field_name not in errors:
                errors.setdefault(field_name if field_name in COLUMN_BY_KEY else "full_name", []).extend(
                    messages
                )

    unit = None
    reference = _text(values.get("unit"))
    if not reference:
        bad("unit", _("Hãy ghi mã đơn vị đề nghị."))
    else:
        try:
            unit = lookups.unit(reference)
        except ValidationError as error:
            absorb(error, "unit")
    award = None
    award_value = _text(values.get("award"))
    if not award_value:
        bad("award", _("Hãy ghi mã danh hiệu đề nghị."))
    else:
        award = lookups.awards.get(award_value.lower()) or lookups.awards.get(fold(award_value))
        if award is None:
            bad(
                "award",
                _("Không có danh hiệu mã “%(value)s” (xem trang Danh hiệu).") % {"value": award_value},
            )
    year = today.year
    if _text(values.get("year")):
        year = _int_cell(values.get("year"))
        if year is None or not 2000 <= year <= today.year + 1:
            bad(
                "year",
                _("Năm xét “%(value)s” phải là năm từ 2000 đến %(max)s.")
                % {"value": _text(values.get("year")), "max": today.year + 1},
            )
            year = today.year
    work_field = None
    field_value = _text(values.get("field"))
    if field_value:
        work_field = lookups.fields.get(field_value.lower()) or lookups.fields.get(fold(field_value))
        if work_field is None:
            bad("field", _("Không có lĩnh vực “%(value)s” (xem trang Lĩnh vực).") % {"value": field_value})
    achievements = ""
    try:
        achievements = dossiers._check_achievements(_text(values.get("achievements")))
    except ValidationError as error:
        absorb(error, "achievements")

    nomination = Nomination(
        award_type=award,
        achievements=achievements,
        year=year,
        field=work_field,
        origin=Nomination.Origin.UNIT,
        created_by=actor,
        status=Nomination.Status.DRAFT,
    )
    if unit is not None:
        nominee.unit = unit
        nomination.submitting_unit = unit
        if not can(actor, "add", nomination):
            bad(
                "unit",
                _("Bạn không có quyền lập hồ sơ đề nghị cho %(unit)s (ngoài phạm vi của bạn).")
                % {"unit": unit},
            )
    if award is not None:
        try:
            dossiers._check_award_fits(nominee, award)
        except ValidationError as error:
            absorb(error, "award")
        if unit is not None and award.province_id and not unit.path.startswith(award.province.path):
            bad(
                "award",
                _("“%(award)s” là danh hiệu riêng của %(province)s, không xét cho %(unit)s.")
                % {"award": award, "province": award.province, "unit": unit},
            )
        if unit is not None and "unit" not in errors:
            nomination.receiving_unit = lookups.decider(unit, award)
    try:
        nomination.clean_fields(exclude=_NOMINATION_UNCHECKED)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            if field_name not in errors:
                errors.setdefault(field_name if field_name in COLUMN_BY_KEY else "achievements", []).extend(
                    messages
                )
    if errors:
        raise ValidationError(errors)
    return nominee, nomination


def _candidates(rows: list[tuple[Nominee, int]]) -> tuple[dict[str, list[Nominee]], dict[str, list[Nominee]]]:
    """Nominees already in the system with a folded name or a CCCD found in the file: two
    queries per batch of names instead of a duplicate check per row."""
    names = sorted({n.name_folded for n, _number in rows if n.name_folded})
    # Every lookup key's hash: during a lookup-key rotation some rows still hold the old one.
    indexes = sorted({index for n, _number in rows if n.cccd for index in blind_indexes(n.cccd)})
    by_name: dict[str, list[Nominee]] = {}
    by_cccd: dict[str, list[Nominee]] = {}
    base = Nominee.objects.filter(merged_into__isnull=True).order_by("pk")
    for start in range(0, len(names), BATCH):
        for nominee in base.filter(name_folded__in=names[start : start + BATCH]):
            by_name.setdefault(nominee.name_folded, []).append(nominee)
    for start in range(0, len(indexes), BATCH):
        for nominee in base.filter(cccd_index__in=indexes[start : start + BATCH]):
            by_cccd.setdefault(nominee.cccd_index, []).append(nominee)
    return by_name, by_cccd


def _same_person_key(nominee: Nominee) -> tuple:
    return (nominee.kind, nominee.name_folded, nominee.birth_year, nominee.unit_id)


def _cccd_conflicts(a: Nominee, b: Nominee) -> bool:
    # The plain numbers (already normalised), not the indexes: two indexes of one number differ
    # while a lookup-key rotation is under way.
    return bool(a.cccd and b.cccd and a.cccd != b.cccd)


def _may_be_duplicate(nominee: Nominee, by_name: dict, by_cccd: dict) -> bool:
    """Whether ``likely_duplicates`` could find anything for this row: the same CCCD, or the same
    folded name with no conflicting known birth year (which rules a candidate out there too)."""
    if nominee.cccd and any(index in by_cccd for index in blind_indexes(nominee.cccd)):
        return True
    return any(
        not (nominee.birth_year and other.birth_year and nominee.birth_year != other.birth_year)
        for other in by_name.get(nominee.name_folded, [])
    )


def _resolve_people(parsed: list[_Row], report: ImportReport, actor) -> None:
    """Reuse the nominee a row names when the system or an earlier row holds exactly that person;
    warn about likely duplicates otherwise. A new nominee needs the right to add one to the unit."""
    label = COLUMN_BY_KEY["full_name"].label
    by_name, by_cccd = _candidates([(row.nominee, row.number) for row in parsed])
    first_in_file: dict[tuple, _Row] = {}
    cccd_in_file: dict[str, int] = {}
    for row in parsed:
        nominee = row.nominee
        key = _same_person_key(nominee)
        earlier = first_in_file.get(key)
        if earlier is not None and not _cccd_conflicts(earlier.nominee, nominee):
            row.nominee, row.new_nominee = earlier.nominee, earlier.new_nominee
            report.warnings.append(
                RowIssue(
                    row.number,
                    label,
                    _("Cùng người với dòng %(row)s (cùng họ tên, năm sinh, đơn vị): dùng chung một người.")
                    % {"row": earlier.number},
                )
            )
            continue
        if nominee.cccd_index:
            if nominee.cccd_index in cccd_in_file:
                report.warnings.append(
                    RowIssue(
                        row.number,
                        COLUMN_BY_KEY["cccd"].label,
                        _("Trùng số CCCD với dòng %(row)s trong tệp.")
                        % {"row": cccd_in_file[nominee.cccd_index]},
                    )
                )
            cccd_in_file.setdefault(nominee.cccd_index, row.number)
        existing = [
            n
            for n in by_name.get(nominee.name_folded, [])
            if _same_person_key(n) == key and not _cccd_conflicts(n, nominee)
        ]
        if existing:
            row.nominee, row.new_nominee = existing[0], False
            report.warnings.append(
                RowIssue(
                    row.number,
                    label,
                    _("Đã có trong hệ thống: %(name)s (#%(pk)s, %(unit)s); hồ sơ được lập cho người này.")
                    % {"name": existing[0].full_name, "pk": existing[0].pk, "unit": nominee.unit.name},
                )
            )
            first_in_file.setdefault(key, row)
            continue
        first_in_file.setdefault(key, row)
        if not can(actor, "add", nominee):
            report.errors.append(
                RowIssue(
                    row.number,
                    COLUMN_BY_KEY["unit"].label,
                    _("Bạn không có quyền thêm người được đề xuất cho %(unit)s.") % {"unit": nominee.unit},
                )
            )
            continue
        if _may_be_duplicate(nominee, by_name, by_cccd):
            # Common names recur by the thousand: only rows that could score as a likely duplicate
            # pay for the nominees app's own check (one query each).
            for duplicate in nominee_selectors.likely_duplicates(
                nominee.full_name, nominee.birth_year, nominee.unit, cccd=nominee.cccd, user=actor
            ):
                report.warnings.append(
                    RowIssue(
                        row.number,
                        label,
                        _("Có thể đã có trong hệ thống: %(name)s (#%(pk)s, %(unit)s) — %(reasons)s.")
                        % {
                            "name": duplicate.nominee.full_name,
                            "pk": duplicate.nominee.pk,
                            "unit": duplicate.nominee.unit.name,
                            "reasons": "; ".join(duplicate.reasons).lower(),
                        },
                    )
                )
