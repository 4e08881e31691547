"""``manage.py cleanup_jobs``: fail the jobs whose worker died, and delete their inputs.

Run it every few minutes (cron, a systemd timer): a job killed in the middle (``kill -9``, a
restart, a machine lost) would otherwise show "running" for ever and keep the uploaded
spreadsheet, with plain CCCD and phone numbers, on disk.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.core import services


class Command(BaseCommand):
    help = gettext_lazy(
        "Đánh dấu thất bại các tác vụ nền không còn tín hiệu hoạt động và xoá tệp đầu vào của chúng."
    )

    def handle(self, *args, **options) -> None:
        failed = services.fail_stale_jobs()
        deleted = services.delete_leftover_inputs()
        self.stdout.write(
            _("Đã đánh dấu thất bại %(failed)s tác vụ bị gián đoạn; đã xoá %(deleted)s tệp đầu vào còn sót.")
            % {"failed": failed, "deleted": deleted}
        )
