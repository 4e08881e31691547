"""Pages of the book editor: editions, choosing and ordering stories, foreword, cover, build."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.files import file_view, serve, serve_image
from guongsang.core.permissions import can
from guongsang.stories.forms import _apply_error

from . import selectors, services
from .forms import ChooseForm, CoverForm, EditionEditForm, EditionForm
from .models import BookEdition, BookEntry


@login_required
def edition_list(request):
    if not can(request.user, "view", BookEdition):
        raise PermissionDenied
    form = EditionForm(request.user, request.POST or None)
    may_create = form.fields["organiser"].queryset.exists()
    if request.method == "POST" and may_create and form.is_valid():
        try:
            edition = services.create_edition(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_error(form, exc)
        else:
            return redirect(edition)
    return render(
        request,
        "books/list.html",
        {"rows": selectors.editions_for(request.user), "form": form if may_create else None},
    )


def _edition(request, edition_id: int) -> BookEdition:
    return get_object_or_404(selectors.editions_for(request.user), pk=edition_id)


@login_required
def detail(request, edition_id: int):
    edition = _edition(request, edition_id)
    may_edit = can(request.user, "change", edition)
    edit_form = None
    if may_edit:
        edit_form = EditionEditForm(
            request.POST or None,
            initial={
                "title": edition.title,
                "subtitle": edition.subtitle,
                "chapter_by": edition.chapter_by,
                "foreword": edition.foreword,
                "is_public": edition.is_public,
            },
        )
        if request.method == "POST" and edit_form.is_valid():
            try:
                services.update_edition(request.user, edition, **edit_form.cleaned_data)
            except ValidationError as exc:
                _apply_error(edit_form, exc)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect(edition)
    candidates = selectors.candidate_stories(edition)[:200]
    return render(
        request,
        "books/detail.html",
        {
            "edition": edition,
            "chapters": selectors.chapters(edition),
            "entries": {e.story_id: e for e in selectors.entries_of(edition)},
            "left_out": selectors.left_out(edition),
            "may_edit": may_edit,
            "edit_form": edit_form,
            "cover_form": CoverForm() if may_edit else None,
            "choose_form": ChooseForm(selectors.candidate_stories(edition))
            if may_edit and candidates
            else None,
            "timeline": selectors.edition_timeline(edition),
        },
    )


@login_required
@require_POST
def choose(request, edition_id: int):
    edition = _edition(request, edition_id)
    form = ChooseForm(selectors.candidate_stories(edition), request.POST)
    if form.is_valid():
        try:
            added = services.add_stories(request.user, edition, form.cleaned_data["stories"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã thêm %(n)s bài vào sách.") % {"n": added})
    return redirect(edition)


@login_required
@require_POST
def entry_action(request, entry_id: int, action: str):
    entry = get_object_or_404(BookEntry.objects.select_related("edition"), pk=entry_id)
    edition = _edition(request, entry.edition_id)
    if action == "up":
        services.move(request.user, entry, -1)
    elif action == "down":
        services.move(request.user, entry, 1)
    elif action == "remove":
        services.remove_story(request.user, entry)
    return redirect(edition)


@login_required
@require_POST
def cover(request, edition_id: int):
    edition = _edition(request, edition_id)
    form = CoverForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_cover(request.user, edition, form.cleaned_data["cover"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã đặt ảnh bìa."))
    return redirect(edition)


@login_required
@require_POST
def build(request, edition_id: int):
    edition = _edition(request, edition_id)
    try:
        job = services.start_build(request.user, edition)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(edition)
    return redirect(job.get_absolute_url())


@file_view
def download(request, edition_id: int, kind: str):
    edition = _edition(request, edition_id)
    file = getattr(edition, kind, None) if kind in ("epub", "pdf") else None
    content_type = "application/epub+zip" if kind == "epub" else "application/pdf"
    return serve(file, filename=f"nhung-bong-hoa-dep-{edition.year}.{kind}", content_type=content_type)


@file_view
def cover_image(request, edition_id: int):
    """The edition's cover, shown on its editing page (private until the book is built and public)."""
    edition = _edition(request, edition_id)
    return serve_image(edition.cover)
