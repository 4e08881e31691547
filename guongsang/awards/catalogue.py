"""The seed of the award catalogue: national titles and forms, and Hà Nội's own.

Each type carries its rule versions with their effective dates, so a dossier received before
01/07/2025 keeps the rules of Nghị định 98/2023 and one received after gets Nghị định 152/2025.
Administrators change all of this from the admin pages; the seed only creates what is missing.
"""

from __future__ import annotations

import datetime as dt

from guongsang.orgs.models import OrgUnit

LAW_2024 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
LAW_2025 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP"
FROM_2024 = dt.date(2024, 1, 1)
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
    """The same rules in the two national versions (before and after Nghị định 152/2025)."""
    return [
        {
            "effective_from": FROM_2024,
            "effective_to": FROM_2025_07,
            "legal_basis": LAW_2024,
            **rules,
            "required_parts": parts,
        },
        {"effective_from": FROM_2025_07, "legal_basis": LAW_2025, **rules, "required_parts": parts},
    ]


ALL = ["individual", "collective", "household"]

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
            {
                "effective_from": dt.date(2024, 10, 1),
                "legal_basis": "Quyết định 36/2024/QĐ-UBND của UBND thành phố Hà Nội",
                **MAJORITY,
                "required_parts": [ACHIEVEMENT_REPORT, RESIDENCE],
            }
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
        "rules": [
            {
                "effective_from": dt.date(2025, 10, 1),
                "legal_basis": "Quyết định 71/2025/QĐ-UBND của UBND thành phố Hà Nội",
                **NINETY_TOTAL,
                "cap_per_year": 10,
                "once_per_person": True,
                "exclude_posthumous": True,
                "required_parts": [PROPOSAL, ACHIEVEMENT_REPORT, MINUTES, RESIDENCE],
            }
        ],
    },
]
