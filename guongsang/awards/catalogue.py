"""The seed of the award catalogue: national titles and forms, and Hà Nội's own.

Each type carries its rule versions with their real effective dates, so a dossier keeps the
rules in force on the day it was received, also when a past cycle is entered later (a January
2024 receipt gets the rules of January 2024). Administrators change all of this from the admin
pages; the seed only creates what is missing (``add_missing_versions``).

The national catalogue starts with the Law of 2022 (in force 01/01/2024): Nghị định 98/2023/NĐ-CP
from 15/01/2024, Nghị định 152/2025/NĐ-CP from 01/07/2025; between the two dates of January 2024
the Law applied with Nghị định 91/2017/NĐ-CP still guiding it. Where the documents do not change a
threshold, quorum or cap that we know of, the versions keep the same values: only the legal basis
(and so the basis a decision cites) differs.
"""

from __future__ import annotations

import datetime as dt

from guongsang.orgs.models import OrgUnit

LAW_2022_FROM = dt.date(2024, 1, 1)
LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
LAW_2003 = (
    "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013"
)


def law_on(day: dt.date) -> str:
    """The Law on emulation and commendation in force on ``day``, as a decision cites it."""
    return LAW_2022 if day >= LAW_2022_FROM else LAW_2003


LAW_2024_JAN = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 91/2017/NĐ-CP"
LAW_2024 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
LAW_2025 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP"
FROM_2024 = LAW_2022_FROM
FROM_2024_ND98 = dt.date(2024, 1, 15)
FROM_2025_07 = dt.date(2025, 7, 1)

ACHIEVEMENT_REPORT = {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích"}
PROPOSAL = {"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng"}
MINUTES = {"code": "bien-ban-hoi-dong", "name": "Biên bản họp Hội đồng Thi đua – Khen thưởng"}
INITIATIVE = {"code": "sang-kien", "name": "Văn bản công nhận sáng kiến hoặc đề tài"}
RESIDENCE = {"code": "xac-nhan-dia-phuong", "name": "Xác nhận của địa phương nơi cư trú"}

# Simple majority of members present, the default of a unit's council.
MAJORITY = {"vote_base": "present", "threshold_num": 1, "threshold_den": 2, "threshold_strict": True}
TWO_THIRDS_TOTAL = {
    "vote_base": "total_members",
    "threshold_num": 2,
    "threshold_den": 3,
    "threshold_strict": False,
}
NINETY_TOTAL = {
    "vote_base": "total_members",
    "threshold_num": 9,
    "threshold_den": 10,
    "threshold_strict": False,
    "secret_ballot": True,
}


def _national(rules: dict, parts: list[dict]) -> list[dict]:
    """The same rules in the national versions: the Law of 2022 with Nghị định 91/2017 (its first
    two weeks), Nghị định 98/2023, Nghị định 152/2025."""
    return [
        {
            "effective_from": FROM_2024,
            "effective_to": FROM_2024_ND98,
            "legal_basis": LAW_2024_JAN,
            **rules,
            "required_parts": parts,
        },
        {
            "effective_from": FROM_2024_ND98,
            "effective_to": FROM_2025_07,
            "legal_basis": LAW_2024,
            **rules,
            "required_parts": parts,
        },
        {"effective_from": FROM_2025_07, "legal_basis": LAW_2025, **rules, "required_parts": parts},
    ]


ALL = ["individual", "collective", "household"]
CONG_DAN_THU_DO = {
    **NINETY_TOTAL,
    "cap_per_year": 10,
    "once_per_person": True,
    "exclude_posthumous": True,
    "required_parts": [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES, RESIDENCE],
}

CATALOGUE: list[dict] = [
    {
        "code": "giay-khen",
        "name": "Giấy khen",
        "category": "form",
        "subject_kinds": ALL,
        "level": "commune",
        "decider_kind": OrgUnit.Kind.COMMUNE,
        "rules": _national(MAJORITY, [PROPOSAL, ACHIEVEMENT_REPORT]),
    },
    {
        "code": "bang-khen-tinh",
        "name": "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "category": "form",
        "subject_kinds": ALL,
        "level": "province",
        "decider_kind": OrgUnit.Kind.PROVINCE,
        "rules": _national(MAJORITY, [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES]),
    },
    {
        "code": "lao-dong-tien-tien",
        "name": "Lao động tiên tiến",
        "category": "title",
        "subject_kinds": ["individual"],
        "level": "commune",
        "decider_kind": OrgUnit.Kind.COMMUNE,
        "rules": _national(MAJORITY, [PROPOSAL, ACHIEVEMENT_REPORT]),
    },
    {
        "code": "chien-si-thi-dua-co-so",
        "name": "Chiến sĩ thi đua cơ sở",
        "category": "title",
        "subject_kinds": ["individual"],
        "level": "commune",
        "decider_kind": OrgUnit.Kind.COMMUNE,
        "ratio": ("lao-dong-tien-tien", 15),
        "rules": _national(
            {**MAJORITY, "secret_ballot": True}, [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES, INITIATIVE]
        ),
    },
    {
        "code": "chien-si-thi-dua-tinh",
        "name": "Chiến sĩ thi đua cấp tỉnh",
        "category": "title",
        "subject_kinds": ["individual"],
        "level": "province",
        "decider_kind": OrgUnit.Kind.PROVINCE,
        "rules": _national(NINETY_TOTAL, [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES, INITIATIVE]),
    },
    {
        "code": "tap-the-lao-dong-tien-tien",
        "name": "Tập thể lao động tiên tiến",
        "category": "title",
        "subject_kinds": ["collective"],
        "level": "commune",
        "decider_kind": OrgUnit.Kind.COMMUNE,
        "rules": _national(MAJORITY, [PROPOSAL, ACHIEVEMENT_REPORT]),
    },
    {
        "code": "tap-the-lao-dong-xuat-sac",
        "name": "Tập thể lao động xuất sắc",
        "category": "title",
        "subject_kinds": ["collective"],
        "level": "province",
        "decider_kind": OrgUnit.Kind.PROVINCE,
        "rules": _national(TWO_THIRDS_TOTAL, [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES]),
    },
    {
        "code": "dien-hinh-tien-tien-cap-xa",
        "name": "Điển hình tiên tiến cấp xã",
        "category": "form",
        "subject_kinds": ALL,
        "level": "commune",
        "decider_kind": OrgUnit.Kind.COMMUNE,
        "rules": _national(MAJORITY, [ACHIEVEMENT_REPORT, RESIDENCE]),
    },
    {
        "code": "dien-hinh-tien-tien-cap-tinh",
        "name": "Điển hình tiên tiến cấp tỉnh",
        "category": "form",
        "subject_kinds": ALL,
        "level": "province",
        "decider_kind": OrgUnit.Kind.PROVINCE,
        "rules": _national(TWO_THIRDS_TOTAL, [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES]),
    },
    {
        "code": "nguoi-tot-viec-tot-ha-noi",
        "name": "Người tốt, việc tốt",
        "category": "form",
        "subject_kinds": ALL,
        "level": "commune",
        "decider_kind": OrgUnit.Kind.COMMUNE,
        "province_code": "01",
        "description": (
            "Danh hiệu của thành phố Hà Nội: phát hiện, bồi dưỡng, biểu dương người tốt, việc tốt."
        ),
        "rules": [
            # Quyết định 01/2020/QĐ-UBND was in force before 2024; the catalogue records it from
            # the start of the Law of 2022, where the national catalogue starts too.
            {
                "effective_from": FROM_2024,
                "effective_to": dt.date(2024, 10, 1),
                "legal_basis": "Quyết định 01/2020/QĐ-UBND của UBND thành phố Hà Nội",
                **MAJORITY,
                "required_parts": [ACHIEVEMENT_REPORT, RESIDENCE],
            },
            {
                "effective_from": dt.date(2024, 10, 1),
                "legal_basis": "Quyết định 36/2024/QĐ-UBND của UBND thành phố Hà Nội",
                **MAJORITY,
                "required_parts": [ACHIEVEMENT_REPORT, RESIDENCE],
            },
        ],
    },
    {
        "code": "cong-dan-thu-do-uu-tu",
        "name": "Công dân Thủ đô ưu tú",
        "category": "title",
        "subject_kinds": ["individual"],
        "level": "province",
        "decider_kind": OrgUnit.Kind.PROVINCE,
        "province_code": "01",
        "description": "Danh hiệu vinh dự của thành phố Hà Nội, xét tặng hằng năm.",
        # Each Quy chế keeps the same principles: at most 10 a year, once per person, not
        # posthumous, at least 90% of the city council's whole membership.
        "rules": [
            {
                "effective_from": dt.date(2018, 1, 26),
                "effective_to": dt.date(2024, 6, 8),
                "legal_basis": "Quyết định 03/2018/QĐ-UBND của UBND thành phố Hà Nội",
                **CONG_DAN_THU_DO,
            },
            {
                "effective_from": dt.date(2024, 6, 8),
                "effective_to": dt.date(2025, 12, 6),
                "legal_basis": "Quyết định 35/2024/QĐ-UBND của UBND thành phố Hà Nội",
                **CONG_DAN_THU_DO,
            },
            {
                "effective_from": dt.date(2025, 12, 6),
                "legal_basis": "Quyết định 71/2025/QĐ-UBND của UBND thành phố Hà Nội",
                **CONG_DAN_THU_DO,
            },
        ],
    },
]


def _overlaps(start, end, other_start, other_end) -> bool:
    return (other_end is None or start < other_end) and (end is None or other_start < end)


def add_missing_versions(award_type_model, rule_model, write=print) -> int:
    """Create the catalogue's rule versions that existing award types lack; returns how many.

    Takes the models as arguments so a data migration can run it on its historical models. A
    version whose period would share a day with another (an administrator's own change) is
    reported and left out: two versions are never in force on one day.
    """
    created = 0
    for entry in CATALOGUE:
        award_type = award_type_model.objects.filter(code=entry["code"]).first()
        if award_type is None:
            continue
        ratio_of, ratio_percent = None, None
        if entry.get("ratio"):
            ratio_of = award_type_model.objects.filter(code=entry["ratio"][0]).first()
            ratio_percent = entry["ratio"][1] if ratio_of else None
        existing = list(rule_model.objects.filter(award_type=award_type))
        for version in entry["rules"]:
            fields = dict(version)
            start, end = fields.pop("effective_from"), fields.pop("effective_to", None)
            if any(r.effective_from == start for r in existing):
                continue
            clash = next(
                (r for r in existing if _overlaps(start, end, r.effective_from, r.effective_to)), None
            )
            if clash is not None:
                write(
                    f"Bỏ qua phiên bản từ {start:%d/%m/%Y} của “{award_type.name}”: trùng thời gian "
                    f"với phiên bản từ {clash.effective_from:%d/%m/%Y}."
                )
                continue
            if ratio_of is not None:
                fields.update(ratio_of=ratio_of, ratio_percent=ratio_percent)
            existing.append(
                rule_model.objects.create(
                    award_type=award_type, effective_from=start, effective_to=end, **fields
                )
            )
            created += 1
    return created
