"""``manage.py rotate_keys``: re-encrypt personal data with the newest field key and re-hash the
blind indexes with the newest lookup key, with progress; also generates keys.

The procedure (docs/encryption-keys.md): put the new key first in ``FIELD_ENCRYPTION_KEYS`` or
``FIELD_LOOKUP_KEYS``, keeping the old ones after it, on every server; run this command; when
``--check`` reports nothing left, remove the old key.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.core import crypto
from guongsang.core.key_rotation import RotationReport, encrypted_models, rotate_model


class Command(BaseCommand):
    help = gettext_lazy(
        "Mã hóa lại dữ liệu cá nhân bằng khóa mới nhất (--encryption), tính lại chỉ mục tra cứu "
        "bằng khóa tra cứu mới nhất (--lookup), hoặc tạo khóa mới (--generate)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--encryption",
            action="store_true",
            help=gettext_lazy("Mã hóa lại bằng khóa đầu tiên của FIELD_ENCRYPTION_KEYS."),
        )
        parser.add_argument(
            "--lookup",
            action="store_true",
            help=gettext_lazy("Tính lại chỉ mục tra cứu bằng khóa đầu tiên của FIELD_LOOKUP_KEYS."),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=gettext_lazy("Chỉ đếm những gì còn phải làm, không ghi gì (mã thoát 1 nếu còn)."),
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help=gettext_lazy("Số dòng mỗi giao dịch.")
        )
        parser.add_argument(
            "--generate",
            action="store_true",
            help=gettext_lazy("In một khóa mã hóa và một khóa tra cứu mới rồi thoát."),
        )
        parser.add_argument(
            "--legacy-keys",
            action="store_true",
            help=gettext_lazy(
                "In các khóa mà phiên bản cũ suy ra từ SECRET_KEY hiện tại (để đọc rồi chuyển dữ liệu cũ)."
            ),
        )

    def handle(self, *args, encryption=False, lookup=False, check=False, batch_size=500, **options) -> None:
        if options["generate"]:
            self.stdout.write(f"FIELD_ENCRYPTION_KEYS={crypto.generate_encryption_key()}")
            self.stdout.write(f"FIELD_LOOKUP_KEYS={crypto.generate_lookup_key()}")
            return
        if options["legacy_keys"]:
            old_encryption, old_lookup = crypto.legacy_keys(settings.SECRET_KEY)
            self.stdout.write(f"FIELD_ENCRYPTION_KEYS=<new>,{old_encryption}")
            self.stdout.write(f"FIELD_LOOKUP_KEYS=<new>,{old_lookup}")
            return
        if not (encryption or lookup):
            raise CommandError(_("Chọn --encryption, --lookup (hoặc cả hai), --check, --generate."))
        if batch_size < 1:
            raise CommandError(_("--batch-size phải lớn hơn 0."))
        pending = 0
        unreadable: list[str] = []
        for model, fields in encrypted_models():
            report = rotate_model(
                model,
                fields,
                encryption=encryption,
                lookup=lookup,
                batch_size=batch_size,
                dry_run=check,
                progress=self._progress,
            )
            self._summary(report, check=check)
            pending += report.reencrypted + report.rehashed
            unreadable += [f"{report.label} #{pk} ({name})" for pk, name in report.unreadable]
        if unreadable:
            raise CommandError(
                _(
                    "%(count)s giá trị không giải mã được bằng khóa nào đã khai báo, được để nguyên: "
                    "%(rows)s. Thêm lại khóa cũ vào FIELD_ENCRYPTION_KEYS rồi chạy lại."
                )
                % {"count": len(unreadable), "rows": ", ".join(unreadable[:20])}
            )
        if check and pending:
            raise CommandError(_("Còn %(count)s giá trị chưa dùng khóa mới nhất.") % {"count": pending})
        self.stdout.write(
            self.style.SUCCESS(_("Xong: mọi giá trị đã dùng khóa mới nhất."))
            if not check
            else self.style.SUCCESS(_("Không còn gì phải chuyển: có thể bỏ khóa cũ."))
        )

    def _progress(self, report: RotationReport) -> None:
        self.stdout.write(
            _("%(label)s: %(seen)s/%(rows)s dòng")
            % {"label": report.label, "seen": report.seen, "rows": report.rows}
        )

    def _summary(self, report: RotationReport, *, check: bool) -> None:
        verb = _("cần") if check else _("đã")
        self.stdout.write(
            _("%(label)s: %(rows)s dòng; %(verb)s mã hóa lại %(enc)s, %(verb)s tính lại chỉ mục %(idx)s")
            % {
                "label": report.label,
                "rows": report.rows,
                "verb": verb,
                "enc": report.reencrypted,
                "idx": report.rehashed,
            }
        )
