"""``manage.py demo``: the Hà Nội demo (units, clusters, one user per role) and its logins.

Development only: the demo accounts share a published password, so the command refuses to
run when ``DJANGO_ENV=production`` unless ``--force`` is given.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.demo import builder as demo


class Command(BaseCommand):
    help = gettext_lazy("Nạp dữ liệu mẫu Hà Nội và in các tài khoản dùng thử (chỉ dùng khi phát triển).")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help=gettext_lazy("Chỉ in bảng tài khoản dùng thử, không nạp dữ liệu."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Chạy cả khi DJANGO_ENV=production (không nên)."),
        )

    def handle(self, *args, logins_only: bool = False, force: bool = False, **options) -> None:
        if getattr(settings, "PRODUCTION", False) and not force:
            raise CommandError(
                _(
                    "Đây là môi trường production (DJANGO_ENV=production): dữ liệu mẫu dùng chung một mật "
                    "khẩu công khai nên không được nạp. Dùng --force nếu thật sự cần."
                )
            )
        if not logins_only:
            outcome = demo.build_demo(stdout=self.stdout)
            if outcome.changed:
                self.stdout.write(
                    self.style.SUCCESS(
                        _(
                            "Đã nạp dữ liệu mẫu: %(units)d đơn vị, %(clusters)d cụm thi đua, "
                            "%(users)d người dùng, %(memberships)d phân công vai trò, "
                            "%(dossiers)d hồ sơ đề nghị."
                        )
                        % {
                            "units": outcome.units,
                            "clusters": outcome.clusters,
                            "users": outcome.users,
                            "memberships": outcome.memberships,
                            "dossiers": outcome.dossiers,
                        }
                    )
                )
            else:
                self.stdout.write(_("Không có thay đổi: dữ liệu mẫu Hà Nội đã có."))
        self.stdout.write(demo.logins_table())
