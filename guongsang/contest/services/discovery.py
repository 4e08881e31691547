"""The real person of a contest entry as a draft dossier: the contest as a discovery channel."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can

from ..models import Entry

DEFAULT_AWARD_CODE = "nguoi-tot-viec-tot-ha-noi"


def may_discover(user, entry: Entry) -> bool:
    """Whether ``user`` may turn the entry's person into a draft dossier (see ``rules``); the
    entry page shows the button only then."""
    return bool(user is not None and user.is_authenticated and can(user, "discover", entry))


@transaction.atomic
def discover(actor, entry: Entry, *, award_type=None, achievements: str = ""):
    """Turn the real person (or collective) of an entry into a nominee and a draft dossier at
    their commune: the contest as a discovery channel. Returns the dossier."""
    from guongsang.awards.models import AwardType
    from guongsang.nominations.models import Nomination
    from guongsang.nominations.services import create_nomination
    from guongsang.nominees.models import Nominee
    from guongsang.nominees.services import create_nominee

    contest = entry.contest
    if not may_discover(actor, entry):
        raise PermissionDenied(
            _(
                "Bạn không có quyền lập hồ sơ đề nghị từ bài dự thi này: cần là Ban Tổ chức hoặc cán bộ "
                "của xã, phường nơi nhân vật sinh sống, và được lập hồ sơ cho %(unit)s."
            )
            % {"unit": entry.subject_commune}
        )
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.nomination_id:
        raise ValidationError(_("Đã lập hồ sơ đề nghị từ bài này rồi."))
    award_type = award_type or contest.award_type or AwardType.objects.filter(code=DEFAULT_AWARD_CODE).first()
    if award_type is None:
        raise ValidationError({"award_type": _("Hãy chọn danh hiệu đề nghị.")})
    commune = entry.subject_commune
    collective = entry.subject_is_collective
    nominee = create_nominee(
        actor,
        kind=Nominee.Kind.COLLECTIVE if collective else Nominee.Kind.INDIVIDUAL,
        full_name=entry.subject_name,
        unit=commune,
        **({} if collective else {"residence": commune}),
    )
    excerpt = entry.text if len(entry.text) <= 4000 else entry.text[:4000].rsplit(" ", 1)[0] + " …"
    summary = achievements.strip() or _(
        "Phát hiện qua bài dự thi “%(title)s” (%(code)s), %(contest)s.\n%(place)s\n\n%(excerpt)s"
    ) % {
        "title": entry.title,
        "code": entry.tracking_code,
        "contest": contest,
        "place": entry.subject_place,
        "excerpt": excerpt or entry.video_link,
    }
    nomination = create_nomination(
        actor,
        nominee=nominee,
        award_type=award_type,
        submitting_unit=commune,
        achievements=summary,
        year=contest.year,
        origin=Nomination.Origin.CONTEST,
    )
    entry.nomination = nomination
    audited(entry, actor).save()
    return nomination
