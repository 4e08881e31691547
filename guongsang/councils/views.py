"""Council pages: councils, a council with its members and sessions, a session run live."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.audit import timeline
from guongsang.core.permissions import can
from guongsang.nominations.selectors import awaiting_council, nominations_for

from . import selectors, services
from .forms import CouncilForm, EndSeatForm, MemberForm
from .minutes import minutes_docx
from .models import AgendaItem, Ballot, CouncilMember, CouncilSession


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def council_list(request, form: CouncilForm | None = None):
    units = selectors.council_units_for(request.user)
    if form is None and units.exists():
        form = CouncilForm(units=units, prefix="new")
    return render(
        request,
        "councils/list.html",
        {
            "councils": selectors.councils_for(request.user),
            "sessions": selectors.sessions_for(request.user)[:30],
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def create_council(request):
    form = CouncilForm(request.POST, units=selectors.council_units_for(request.user), prefix="new")
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            council = services.create_council(request.user, unit, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lập %(council)s.") % {"council": council})
            return redirect(council)
    return council_list(request, form=form)


@login_required
def council_detail(request, council_id: int, edit_form=None, member_form=None):
    council = get_object_or_404(selectors.councils_for(request.user), pk=council_id)
    may_manage = can(request.user, "change", council)
    if may_manage and edit_form is None:
        edit_form = CouncilForm(
            prefix="edit",
            initial={
                "name": council.name,
                "term_start": council.term_start,
                "term_end": council.term_end,
                "document_symbol": council.document_symbol,
            },
        )
    if may_manage and member_form is None:
        member_form = MemberForm(prefix="seat", candidates=services.candidates(council))
    today = timezone.localdate()
    return render(
        request,
        "councils/council.html",
        {
            "council": council,
            "members": selectors.members_of(council),
            "today": today,
            "unit_ended": not council.unit.is_current,
            "sessions": council.sessions.order_by("-held_on"),
            "may_schedule": can(request.user, "add", CouncilSession(council=council)),
            "may_enter_past": can(request.user, "enter_past", council.unit),
            "may_manage": may_manage,
            "edit_form": edit_form,
            "member_form": member_form,
            "end_form": EndSeatForm(initial={"last_day": today}) if may_manage else None,
            "timeline": timeline(council),
        },
        status=400 if any(f is not None and f.errors for f in (edit_form, member_form)) else 200,
    )


@login_required
@require_POST
def edit_council(request, council_id: int):
    council = get_object_or_404(selectors.councils_for(request.user), pk=council_id)
    form = CouncilForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            services.update_council(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu thông tin Hội đồng."))
            return redirect(council)
    return council_detail(request, council_id, edit_form=form)


@login_required
@require_POST
def add_member(request, council_id: int):
    council = get_object_or_404(selectors.councils_for(request.user), pk=council_id)
    form = MemberForm(request.POST, prefix="seat", candidates=services.candidates(council))
    if form.is_valid():
        data = form.cleaned_data
        user = data["user"]
        if user is None:
            # An unknown name and an account holding no role answer alike (see the service).
            user = get_user_model().objects.filter(username=data["username"].strip(), is_active=True).first()
        if user is None:
            form.add_error("username", _("Chỉ mời được cán bộ đang giữ vai trò tại một đơn vị."))
        else:
            try:
                services.add_member(
                    request.user,
                    council,
                    user,
                    position=data["position"],
                    votes=data["votes"],
                    valid_from=data["valid_from"],
                    invitation_reason=data["invitation_reason"] if not data["user"] else "",
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã thêm %(user)s vào Hội đồng.") % {"user": user})
                return redirect(council)
    return council_detail(request, council_id, member_form=form)


@login_required
@require_POST
def end_member(request, council_id: int, member_id: int):
    council = get_object_or_404(selectors.councils_for(request.user), pk=council_id)
    member = get_object_or_404(CouncilMember, pk=member_id, council=council)
    form = EndSeatForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày cuối giữ chức phải có dạng dd/mm/yyyy."))
        return redirect(council)
    try:
        services.end_member(request.user, member, **form.cleaned_data)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("%(user)s đã thôi giữ chức trong Hội đồng.") % {"user": member.user})
    return redirect(council)


@login_required
@require_POST
def schedule(request, council_id: int):
    council = get_object_or_404(selectors.councils_for(request.user), pk=council_id)
    try:
        held_on = dt.datetime.strptime(request.POST.get("held_on", ""), "%d/%m/%Y").date()
    except ValueError:
        messages.error(request, _("Ngày họp phải có dạng dd/mm/yyyy."))
        return redirect(council)
    try:
        session = services.create_session(
            request.user,
            council,
            title=request.POST.get("title", ""),
            held_on=held_on,
            place=request.POST.get("place", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect(council)
    messages.success(request, _("Đã lên lịch phiên họp."))
    return redirect(session)


@login_required
def session_detail(request, session_id: int):
    session = get_object_or_404(selectors.sessions_for(request.user), pk=session_id)
    seat = selectors.seat_of(session, request.user)
    attendance = selectors.attendance_of(session)
    present_ids = {a.member_id for a in attendance if a.present}
    runs = can(request.user, "run", session)
    return render(
        request,
        "councils/session.html",
        {
            "session": session,
            "items": selectors.agenda_view(session, seat),
            "attendance": attendance,
            "members": services.voting_members(session.council, session.held_on),
            "present_ids": present_ids,
            "absent": [a for a in attendance if not a.present],
            "runs": runs,
            "seat": seat if seat and seat.pk in present_ids else None,
            "waiting": awaiting_council(session.council.unit) if runs else [],
            "choices": Ballot.Choice.choices,
            "timeline": selectors.session_timeline(session),
        },
    )


def _session(request, session_id: int) -> CouncilSession:
    return get_object_or_404(selectors.sessions_for(request.user), pk=session_id)


@login_required
@require_POST
def agenda_add(request, session_id: int):
    session = _session(request, session_id)
    ids = [int(v) for v in request.POST.getlist("nomination") if v.isdigit()]
    added = 0
    for dossier in nominations_for(request.user).filter(pk__in=ids):
        try:
            services.add_to_agenda(request.user, session, dossier)
            added += 1
        except ValidationError as exc:
            _flash(request, exc)
    if added:
        messages.success(request, _("Đã đưa %(n)s hồ sơ vào phiên họp.") % {"n": added})
    return redirect(session)


@login_required
@require_POST
def attendance(request, session_id: int):
    session = _session(request, session_id)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    try:
        services.record_attendance(request.user, session, present)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã ghi điểm danh: %(n)s thành viên có mặt.") % {"n": len(present)})
    return redirect(session)


@login_required
@require_POST
def session_action(request, session_id: int, action: str):
    session = _session(request, session_id)
    actions = {
        "open": (services.open_session, _("Đã bắt đầu biểu quyết.")),
        "close": (services.close_session, _("Đã kết thúc phiên họp; kết quả đã được ghi vào từng hồ sơ.")),
        "cancel": (services.cancel_session, _("Đã huỷ phiên họp.")),
    }
    if action not in actions:
        raise PermissionDenied
    function, done = actions[action]
    try:
        if action == "close":
            function(request.user, session, notes=request.POST.get("notes", "").strip())
        else:
            function(request.user, session)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, done)
    return redirect(session)


@login_required
@require_POST
def vote(request, item_id: int):
    item = get_object_or_404(
        AgendaItem.objects.filter(session__in=selectors.sessions_for(request.user)), pk=item_id
    )
    try:
        services.cast_ballot(request.user, item, request.POST.get("choice", ""))
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận phiếu của bạn."))
    return redirect(item.session)


@login_required
@require_POST
def written_opinion(request, session_id: int):
    session = _session(request, session_id)
    item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, session=session)
    member = get_object_or_404(
        CouncilMember, pk=request.POST.get("member") or 0, council=item.session.council
    )
    try:
        services.record_written_opinion(request.user, item, member, request.POST.get("choice", ""))
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã ghi ý kiến bằng văn bản của %(user)s.") % {"user": member.user})
    return redirect(item.session)


@login_required
def minutes(request, session_id: int):
    session = _session(request, session_id)
    if session.status != CouncilSession.Status.CLOSED:
        messages.error(request, _("Biên bản chỉ có sau khi phiên họp kết thúc và phiếu đã được khoá."))
        return redirect(session)
    response = HttpResponse(
        minutes_docx(session),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-phien-hop-{session.pk}.docx"'
    return response
