"""``manage.py resize_photos``: the smaller copies of every story photo that lacks them.

Photos uploaded before the copies existed (or made for other widths) get them; running it again
changes nothing. ``make db`` runs it after the demo.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.stories import services


class Command(BaseCommand):
    help = gettext_lazy("Tạo các cỡ ảnh nhỏ (480, 960, 1600 điểm ảnh) cho ảnh bài viết còn thiếu.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Tạo lại cho mọi ảnh, cả ảnh đã có đủ cỡ."),
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        counts = services.resize_photos(force=force)
        if options["verbosity"] == 0 and not counts["failed"]:
            return
        if counts["made"]:
            self.stdout.write(
                self.style.SUCCESS(_("Đã tạo các cỡ ảnh cho %(n)d ảnh.") % {"n": counts["made"]})
            )
        else:
            self.stdout.write(_("Không có thay đổi: mọi ảnh bài viết đã có đủ cỡ."))
        if counts["failed"]:
            self.stdout.write(
                self.style.WARNING(
                    _("%(n)d ảnh không đọc được (thiếu tệp hoặc tệp hỏng), đã bỏ qua.")
                    % {"n": counts["failed"]}
                )
            )
