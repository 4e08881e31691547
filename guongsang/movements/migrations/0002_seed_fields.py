"""Seed the fields of work (lĩnh vực). Idempotent: existing codes keep their rows."""

from django.db import migrations

FIELDS = [
    ("giao-duc", "Giáo dục"),
    ("y-te", "Y tế"),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội"),
    ("kinh-te", "Kinh tế"),
    ("nong-nghiep", "Nông nghiệp"),
    ("an-ninh-trat-tu", "An ninh – trật tự"),
    ("quoc-phong", "Quốc phòng"),
    ("khoa-hoc-cong-nghe", "Khoa học – công nghệ"),
    ("moi-truong", "Môi trường"),
    ("tu-thien-nhan-dao", "Từ thiện – nhân đạo"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính"),
    ("xay-dung-dang", "Xây dựng Đảng và hệ thống chính trị"),
    ("khac", "Khác"),
]


def seed(apps, schema_editor):
    Field = apps.get_model("movements", "Field")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("movements", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
