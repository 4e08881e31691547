"""Pages of the award catalogue: the list, one award type with its rule versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.core.audit import timeline
from guongsang.core.permissions import can

from . import selectors, services
from .forms import RuleVersionForm
from .models import AwardRule, AwardType, SubjectKind


@login_required
def catalogue(request):
    if not can(request.user, "view", AwardType):
        raise PermissionDenied
    subject_kind = request.GET.get("subject_kind", "")
    subject_kind = subject_kind if subject_kind in SubjectKind.values else ""
    level = request.GET.get("level", "")
    level = level if level in AwardType.Level.values else ""
    q = request.GET.get("q", "").strip()
    today = timezone.localdate()
    types = list(selectors.award_types_for(subject_kind=subject_kind or None, level=level, q=q))
    rows = [(t, selectors.current_rule(t, today)) for t in types]
    return render(
        request,
        "awards/catalogue.html",
        {
            "rows": [(t, r, selectors.rule_summary(r) if r else "") for t, r in rows],
            "q": q,
            "subject_kind": subject_kind,
            "level": level,
            "subject_kinds": SubjectKind.choices,
            "levels": AwardType.Level.choices,
        },
    )


@login_required
def detail(request, award_type_id: int):
    award_type = get_object_or_404(selectors.award_types_for(active_only=False), pk=award_type_id)
    if not can(request.user, "view", award_type):
        raise PermissionDenied
    may_edit = can(request.user, "add", AwardRule(award_type=award_type))
    form = RuleVersionForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "effective_from"}
            try:
                services.add_rule_version(
                    request.user, award_type, effective_from=form.cleaned_data["effective_from"], **data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã thêm phiên bản quy định mới."))
                return redirect(award_type.get_absolute_url())
    today = timezone.localdate()
    versions = [(r, selectors.rule_summary(r), r.in_force_on(today)) for r in award_type.rules.all()]
    return render(
        request,
        "awards/detail.html",
        {"award_type": award_type, "versions": versions, "form": form, "timeline": timeline(award_type)},
    )
