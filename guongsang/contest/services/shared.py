"""What the contest's use cases share: the organiser check and counts written the Vietnamese way."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from guongsang.core.permissions import can

from ..models import Contest


def _n(value: int) -> str:
    """A count in Vietnamese style: 2.000."""
    return f"{value:,}".replace(",", ".")


def _require_organiser(actor, contest: Contest) -> None:
    if not can(actor, "manage", contest):
        raise PermissionDenied(_("Chỉ Ban Tổ chức cuộc thi mới làm được việc này."))
