"""``manage.py seed_awards``: create the missing entries of the award catalogue (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from guongsang.awards.catalogue import CATALOGUE, add_missing_versions
from guongsang.awards.models import AwardRule, AwardType
from guongsang.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Tạo các danh hiệu, hình thức khen thưởng và quy định xét tặng còn thiếu."

    @transaction.atomic
    def handle(self, *args, **options):
        created_types = created_rules = 0
        by_code: dict[str, AwardType] = {}
        for entry in CATALOGUE:
            province = None
            if entry.get("province_code"):
                province = OrgUnit.objects.filter(
                    kind=OrgUnit.Kind.PROVINCE, code=entry["province_code"]
                ).first()
                if province is None:
                    self.stdout.write(
                        f"Bỏ qua “{entry['name']}”: chưa có tỉnh mã {entry['province_code']} "
                        "(chạy load_divisions)."
                    )
                    continue
            award_type, created = AwardType.objects.get_or_create(
                code=entry["code"],
                defaults={
                    "name": entry["name"],
                    "category": entry["category"],
                    "subject_kinds": entry["subject_kinds"],
                    "level": entry["level"],
                    "decider_kind": entry["decider_kind"],
                    "province": province,
                    "description": entry.get("description", ""),
                },
            )
            created_types += created
            by_code[entry["code"]] = award_type
        created_rules = add_missing_versions(AwardType, AwardRule, write=self.stdout.write)
        if created_types or created_rules:
            self.stdout.write(
                f"Đã tạo {created_types} danh hiệu, hình thức khen thưởng "
                f"và {created_rules} phiên bản quy định."
            )
        else:
            self.stdout.write(
                f"Không có thay đổi: danh mục đã đủ {AwardType.objects.count()} danh hiệu, hình thức."
            )
