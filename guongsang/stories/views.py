"""Back-office pages of stories, the press log and the weekly propagation lists (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core import spreadsheets
from guongsang.core.audit import timeline
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can, visible_to
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit

from . import selectors, services, weekly
from .filters import StoryFilter
from .forms import (
    CoverageForm,
    FeatureForm,
    NoteForm,
    PhotoForm,
    PropagationForm,
    SelectionContentForm,
    SelectionForm,
    StoryForm,
    _apply_error,
)
from .models import PressCoverage, Story, StoryPhoto, WeeklySelection
from .sanitize import plain_line

TRANSITION_LABELS = {
    "submit": _("Gửi duyệt"),
    "publish": _("Duyệt và đăng"),
    "return": _("Trả lại để sửa"),
    "unpublish": _("Gỡ bài"),
}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def story_list(request):
    if not can(request.user, "view", Story):
        raise PermissionDenied
    listing = list_page(
        request,
        selectors.stories_for(request.user),
        filterset_class=StoryFilter,
        columns=[
            Column(_("Tiêu đề"), sort="title", order=("title",)),
            Column(_("Đơn vị")),
            Column(_("Trạng thái")),
            Column(_("Cập nhật"), sort="updated", order=("updated_at",)),
        ],
        default_sort="-updated",
        row_template="stories/_row.html",
        empty_message=_("Chưa có bài viết nào khớp điều kiện lọc."),
    )
    return render_list(request, "stories/list.html", listing, {"may_create": can(request.user, "add", Story)})


def _story_data(form: StoryForm) -> dict:
    data = dict(form.cleaned_data)
    return data


@login_required
def create(request):
    if not can(request.user, "add", Story):
        raise PermissionDenied
    form = StoryForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _story_data(form)
        try:
            story = services.create_story(request.user, **data)
        except ValidationError as exc:
            _apply_error(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Đã lưu bản nháp “%(title)s”.") % {"title": story.title})
            return redirect(story)
    return render(request, "stories/form.html", {"form": form, "story": None})


def _visible(request, story_id: int) -> Story:
    return get_object_or_404(selectors.stories_for(request.user), pk=story_id)


@login_required
def edit(request, story_id: int):
    story = _visible(request, story_id)
    if not can(request.user, "change", story):
        raise PermissionDenied
    initial = {
        "unit": story.unit,
        "title": story.title,
        "lead": story.lead,
        "body": story.body,
        "nominees": list(story.nominees.all()),
        "field": story.field,
        "author_name": story.author_name,
        "source_outlet": story.source_outlet,
        "source_date": story.source_date,
        "source_url": story.source_url,
    }
    form = StoryForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.update_story(request.user, story, **_story_data(form))
        except ValidationError as exc:
            _apply_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(story)
    return render(request, "stories/form.html", {"form": form, "story": story})


@login_required
def detail(request, story_id: int):
    story = _visible(request, story_id)
    transitions = services.available_transitions(request.user, story)
    may_edit = can(request.user, "change", story) and (
        story.status != Story.Status.PUBLISHED or can(request.user, "publish", story)
    )
    missing = selectors.nominees_without_consent(story) if story.status != Story.Status.PUBLISHED else []
    return render(
        request,
        "stories/detail.html",
        {
            "story": story,
            "photos": list(story.photos.all()),
            "nominees": list(story.nominees.select_related("unit")),
            "transitions": [(name, TRANSITION_LABELS[name]) for name in transitions],
            "note_form": NoteForm(),
            "may_edit": may_edit,
            "photo_form": PhotoForm() if may_edit else None,
            "may_feature": can(request.user, "publish", story),
            "missing_consent": missing,
            "private_leaks": services.private_data_in(story) if story.status == Story.Status.REVIEW else [],
            "timeline": timeline(story),
        },
    )


@login_required
@require_POST
def do_transition(request, story_id: int, name: str):
    story = _visible(request, story_id)
    if name not in services.TRANSITIONS:
        raise PermissionDenied
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if name in ("return", "unpublish"):
            story = services.TRANSITIONS[name](request.user, story, note)
        else:
            story = services.TRANSITIONS[name](request.user, story)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã thực hiện: %(action)s. Bài viết chuyển sang “%(status)s”.")
            % {"action": TRANSITION_LABELS[name], "status": story.get_status_display()},
        )
    return redirect(story)


@login_required
@require_POST
def feature(request, story_id: int):
    story = _visible(request, story_id)
    form = FeatureForm(request.POST)
    if form.is_valid():
        services.update_story(request.user, story, featured=form.cleaned_data["featured"])
        messages.success(request, _("Đã cập nhật."))
    return redirect(story)


@login_required
@require_POST
def add_photo(request, story_id: int):
    story = _visible(request, story_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(request.user, story, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã thêm ảnh."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(story)


@login_required
@require_POST
def remove_photo(request, photo_id: int):
    photo = get_object_or_404(
        visible_to(request.user, StoryPhoto.objects.select_related("story")), pk=photo_id
    )
    services.remove_photo(request.user, photo)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect(photo.story)


# --- Press coverage -------------------------------------------------------------------------


def _with_may_delete(user, rows) -> list[PressCoverage]:
    rows = list(rows)
    for entry in rows:
        entry.may_delete = can(user, "delete", entry)
    return rows


@login_required
def coverage(request, nominee_id: int):
    nominee = get_object_or_404(visible_to(request.user, Nominee.objects.all()), pk=nominee_id)
    form = CoverageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_coverage(request.user, nominee, **form.cleaned_data)
        except ValidationError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận bài báo."))
            return redirect("stories:coverage", nominee_id=nominee.pk)
    return render(
        request,
        "stories/coverage.html",
        {
            "nominee": nominee,
            "rows": _with_may_delete(request.user, selectors.coverage_for(request.user, nominee)),
            "form": form,
            "may_add": can(request.user, "add", PressCoverage(nominee=nominee)),
        },
    )


def _id(value) -> int | None:
    """A positive database id from a query string, or None (a huge number is no id)."""
    number = _int(value)
    return number if number is not None and 0 < number < 2**31 else None


def _press_filters(request) -> dict:
    get = request.GET
    year = _int(get.get("year"))
    unit_id, nominee_id = _id(get.get("unit")), _id(get.get("nominee"))
    return {
        # Control characters out: PostgreSQL refuses a NUL in a query.
        "outlet": plain_line(get.get("outlet"))[:255],
        "year": year if year and 1900 <= year <= 2200 else None,
        "unit": OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None,
        "nominee": visible_to(request.user, Nominee.objects.all()).filter(pk=nominee_id).first()
        if nominee_id
        else None,
        "q": plain_line(get.get("q"))[:200],
    }


@login_required
def press_log(request):
    """The press log: every article about the exemplars the user sees, filtered, with export."""
    if not can(request.user, "view", PressCoverage):
        raise PermissionDenied
    filters = _press_filters(request)
    page = Paginator(selectors.press_log(request.user, **filters), 50).get_page(request.GET.get("page"))
    page.object_list = _with_may_delete(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stories/press_log.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            **selectors.press_log_choices(request.user),
        },
    )


@login_required
def press_log_export(request):
    """The press log as filtered on its page, as XLSX (dates dd/mm/yyyy)."""
    if not can(request.user, "view", PressCoverage):
        raise PermissionDenied
    rows = selectors.press_log(request.user, **_press_filters(request))
    content = spreadsheets.table_xlsx(
        _("Báo chí"),
        [
            _("Ngày đăng"),
            _("Cơ quan báo chí"),
            _("Tiêu đề bài báo"),
            _("Đường dẫn"),
            _("Gương điển hình"),
            _("Đơn vị"),
            _("Người ghi nhận"),
            _("Ghi nhận lúc"),
        ],
        (
            [
                entry.published_on,
                entry.outlet,
                entry.title,
                entry.url,
                entry.nominee.full_name,
                entry.nominee.unit.name,
                str(entry.recorded_by) if entry.recorded_by else "",
                timezone.localtime(entry.created_at).replace(tzinfo=None),
            ]
            for entry in rows.iterator(chunk_size=2000)
        ),
        widths=[12, 28, 50, 40, 28, 30, 24, 17],
    )
    return spreadsheets.xlsx_response(content, f"bao-chi-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_POST
def press_remove(request, coverage_id: int):
    entry = get_object_or_404(selectors.coverage_for(request.user), pk=coverage_id)
    services.remove_coverage(request.user, entry)
    messages.success(
        request,
        _("Đã xoá bài báo của %(outlet)s khỏi nhật ký.") % {"outlet": entry.outlet},
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(back)
    return redirect("stories:press_log")


# --- Weekly lists ---------------------------------------------------------------------------


@login_required
def weekly_list(request):
    form = SelectionForm(request.user, request.POST or None)
    may_create = form.fields["unit"].queryset.exists()
    if request.method == "POST" and may_create and form.is_valid():
        try:
            selection = weekly.create_selection(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_error(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            return redirect(selection)
    rows = selectors.selections_for(request.user)[:100]
    return render(request, "stories/weekly_list.html", {"rows": rows, "form": form if may_create else None})


def _selection(request, selection_id: int) -> WeeklySelection:
    return get_object_or_404(selectors.selections_for(request.user), pk=selection_id)


@login_required
def weekly_detail(request, selection_id: int):
    selection = _selection(request, selection_id)
    may_change = can(request.user, "change", selection)
    content_form = None
    if may_change and selection.status == WeeklySelection.Status.DRAFT:
        initial = {
            "nominees": list(selection.nominees.all()),
            "stories": list(selection.stories.all()),
            "note": selection.note,
            "signer_title": selection.signer_title,
            "signer_name": selection.signer_name,
        }
        content_form = SelectionContentForm(selection, request.POST or None, initial=initial)
        if request.method == "POST" and content_form.is_valid():
            try:
                weekly.update_selection(request.user, selection, **content_form.cleaned_data)
            except ValidationError as exc:
                _apply_error(content_form, exc)
            else:
                messages.success(request, _("Đã lưu danh sách."))
                return redirect(selection)
    report_form = PropagationForm(request.user, selection)
    may_report = (
        selection.status == WeeklySelection.Status.ISSUED and report_form.fields["unit"].queryset.exists()
    )
    return render(
        request,
        "stories/weekly_detail.html",
        {
            "selection": selection,
            "subject": weekly.subject_line(selection),
            "nominees": list(selection.nominees.select_related("unit")),
            "stories": list(selection.stories.select_related("unit")),
            "content_form": content_form,
            "may_issue": may_change and selection.status == WeeklySelection.Status.DRAFT,
            "report_form": report_form if may_report else None,
            "coverage": selectors.coverage_by_unit(selection) if may_change else None,
            "my_reports": selection.reports.filter(unit__in=report_form.fields["unit"].queryset),
        },
    )


@login_required
@require_POST
def weekly_issue(request, selection_id: int):
    selection = _selection(request, selection_id)
    try:
        weekly.issue_selection(request.user, selection)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ban hành danh sách và thông báo cho các đơn vị trực thuộc."))
    return redirect(selection)


@login_required
def weekly_docx(request, selection_id: int):
    selection = _selection(request, selection_id)
    content = weekly.directive_docx(selection)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{weekly.directive_filename(selection)}"'
    return response


@login_required
@require_POST
def weekly_report(request, selection_id: int):
    selection = _selection(request, selection_id)
    form = PropagationForm(request.user, selection, request.POST)
    if form.is_valid():
        try:
            weekly.record_propagation(request.user, selection, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi nhận kết quả tuyên truyền."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(selection)
