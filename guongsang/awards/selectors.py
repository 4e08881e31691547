"""Read queries over the award catalogue, and the plain-language summary of a rule."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.core.text import fold

from .models import AwardRule, AwardType


class NoRuleInForce(ValidationError):
    """No version of an award type's rules is in force on the day asked."""


def rule_in_force(award_type: AwardType, on: dt.date) -> AwardRule:
    """The version of ``award_type``'s rules in force on ``on``; a dossier keeps the one in force on
    the day it was received."""
    rule = (
        award_type.rules.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise NoRuleInForce(
            _("Chưa có quy định xét tặng “%(type)s” có hiệu lực vào ngày %(day)s.")
            % {"type": award_type, "day": on.strftime("%d/%m/%Y")},
            code="no_rule_in_force",
        )
    return rule


def award_types_for(
    subject_kind: str | None = None, level: str = "", q: str = "", active_only: bool = True
) -> QuerySet[AwardType]:
    """The catalogue (national data, the same for everyone), filtered by who the award is for,
    its level, and folded name words; each with its rule versions, newest first."""
    qs = AwardType.objects.select_related("province").prefetch_related(
        Prefetch("rules", queryset=AwardRule.objects.select_related("ratio_of").order_by("-effective_from"))
    )
    if active_only:
        qs = qs.filter(is_active=True)
    if subject_kind:
        # The JSON list holds plain words: matching the quoted word works on SQLite and PostgreSQL.
        qs = qs.filter(subject_kinds__icontains=f'"{subject_kind}"')
    if level:
        qs = qs.filter(level=level)
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.order_by("level", "category", "name", "pk")


def current_rule(award_type: AwardType, on: dt.date) -> AwardRule | None:
    """The version in force on ``on`` among the prefetched rules, or None (for lists)."""
    for rule in award_type.rules.all():
        if rule.in_force_on(on):
            return rule
    return None


def _fraction(num: int, den: int) -> str:
    """9/10 → "90%", 1/2 → "50%", 2/3 → "2/3"."""
    if (num * 100) % den == 0:
        return f"{num * 100 // den}%"
    return f"{num}/{den}"


_BASE_TEXT = {
    AwardRule.VoteBase.TOTAL_MEMBERS: gettext_lazy("tổng số thành viên Hội đồng"),
    AwardRule.VoteBase.PRESENT: gettext_lazy("số thành viên Hội đồng có mặt"),
    AwardRule.VoteBase.VALID_BALLOTS: gettext_lazy("số phiếu hợp lệ"),
}


def rule_summary(rule: AwardRule) -> str:
    """The rule in one Vietnamese sentence, e.g. "Bỏ phiếu kín; cần ít nhất 90% tổng số thành viên
    Hội đồng đồng ý; tối đa 10 lượt/năm; mỗi người một lần; không xét truy tặng"."""
    parts: list[str] = []
    if rule.council_required:
        parts.append(_("Bỏ phiếu kín") if rule.secret_ballot else _("Biểu quyết công khai"))
        base = str(_BASE_TEXT[rule.vote_base])
        share = _fraction(rule.threshold_num, rule.threshold_den)
        if rule.threshold_strict:
            parts.append(_("cần hơn %(share)s %(base)s đồng ý") % {"share": share, "base": base})
        else:
            parts.append(_("cần ít nhất %(share)s %(base)s đồng ý") % {"share": share, "base": base})
    else:
        parts.append(_("Không phải qua Hội đồng Thi đua – Khen thưởng"))
    if rule.cap_per_year:
        parts.append(_("tối đa %(cap)s lượt/năm") % {"cap": rule.cap_per_year})
    if rule.ratio_of_id and rule.ratio_percent is not None:
        percent = f"{rule.ratio_percent.normalize():f}".replace(".", ",")
        parts.append(
            _("không quá %(percent)s%% số đạt “%(title)s”") % {"percent": percent, "title": rule.ratio_of}
        )
    if rule.once_per_person:
        parts.append(_("mỗi người một lần"))
    if rule.exclude_posthumous:
        parts.append(_("không xét truy tặng"))
    if rule.exclude_disciplined:
        parts.append(_("không xét người đang bị kỷ luật"))
    if rule.exclude_prosecuted:
        parts.append(_("không xét người đang bị truy cứu trách nhiệm hình sự"))
    if rule.council_required:
        parts.append(
            _("phiên họp hợp lệ khi có ít nhất %(quorum)s thành viên dự")
            % {"quorum": _fraction(rule.quorum_num, rule.quorum_den)}
        )
    return "; ".join(parts)


def decisions_for(user):
    """The decisions ``user`` may see (of the units they cover)."""
    from guongsang.core.permissions import visible_to

    from .models import Decision

    return visible_to(user, Decision.objects.select_related("issuing_unit", "award_type")).order_by(
        "-created_at", "-pk"
    )


def recognitions_for(
    user,
    *,
    q: str = "",
    award_type: int | None = None,
    year: int | None = None,
    level: str = "",
    status: str = "",
    unit: int | None = None,
):
    """The registry as ``user`` may see it, filtered as its page and export offer (``unit``: the
    people of that unit's subtree and of the units it carries on from, as the targets count them)."""
    from guongsang.core.permissions import visible_to

    from .models import Recognition

    qs = visible_to(user, Recognition.objects.all()).select_related(
        "nominee__unit", "award_type", "unit", "decision"
    )
    if award_type:
        qs = qs.filter(award_type_id=award_type)
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if unit:
        from guongsang.orgs.models import OrgUnit
        from guongsang.orgs.selectors import rollup_q

        chosen = OrgUnit.objects.filter(pk=unit).first()
        qs = qs.filter(rollup_q(chosen, "nominee__unit__")) if chosen else qs.none()
    for word in fold(q).split():
        qs = qs.filter(nominee__name_folded__contains=word)
    return qs.order_by("-year", "award_type__name", "nominee__name_folded", "pk")


def recognition_by_code(code: str):
    """A recognition by its verification code (public page; nothing private is read from it)."""
    from .models import Recognition

    cleaned = "".join((code or "").upper().split())
    if not cleaned or len(cleaned) > 16:
        return None
    return (
        Recognition.objects.select_related("nominee", "award_type", "unit", "decision")
        .filter(verify_code=cleaned)
        .first()
    )


def public_recognitions(nominee) -> QuerySet:
    """A person's recognitions as their public page lists them: in force, by a signed decision,
    newest first. Revoked ones are left out (see the portal's exemplar page); the verification
    page still answers for a revoked certificate. Call only for a person who consented to the
    portal: what is read here (title, level, year, decision) is what a certificate shows."""
    from .models import Decision, Recognition

    return (
        Recognition.objects.filter(
            nominee=nominee, status=Recognition.Status.ACTIVE, decision__status=Decision.Status.SIGNED
        )
        .select_related("award_type", "unit", "decision")
        .order_by("-year", "-decision__signed_on", "-pk")
    )
