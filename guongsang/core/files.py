"""Where files live, and how a private one reaches the person allowed to read it.

Two storages (``settings.STORAGES``):

- ``default``, the public one, served under ``MEDIA_URL`` (by the proxy or object storage in
  production): only what the portal shows to anyone, i.e. story photos and their sizes.
- ``private``, rooted outside ``MEDIA_ROOT`` and never served under a URL of its own: dossier
  evidence and generated decisions, tip attachments, movement documents, contest photos,
  nominee portraits, books, job results and uploaded imports. Each kind has a view that checks
  the reader's permission and hands the file over with :func:`serve`.

Private files get random names (:func:`random_name`): a stored name tells nothing about the
person or the document and cannot be guessed; the name people see on download is kept in the
row and sent as the ``Content-Disposition`` filename.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
from functools import wraps
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

PRIVATE = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk under ``PRIVATE_MEDIA_ROOT``, with no URL: a page that tries to link a private
    file directly fails loudly instead of printing a path nobody serves (or, worse, one that a
    misconfigured proxy would)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("A private file has no URL: link the view that checks permission instead.")


def private_storage() -> Storage:
    """The private storage, as a callable so that models and migrations do not pin a backend."""
    return storages[PRIVATE]


def public_storage() -> Storage:
    return storages["default"]


def random_name(prefix: str, filename: str = "") -> str:
    """``prefix/<24 random characters>.<extension of filename>``: 144 bits, nothing personal."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return f"{prefix}/{secrets.token_urlsafe(18)}{suffix}"


def original_name(file: FieldFile) -> str:
    """The name a file was uploaded with, read before the field stores it under a random name."""
    return os.path.basename(file.name or "")[:255]


def serve(
    file: FieldFile | None,
    *,
    filename: str,
    as_attachment: bool = True,
    content_type: str | None = None,
    cache: str = "private, no-store",
) -> HttpResponse:
    """The response handing ``file`` over, once the caller has checked permission.

    With ``PRIVATE_FILES_SERVE = "x-accel"`` (nginx) or ``"x-sendfile"`` (Apache, lighttpd) the
    proxy sends the bytes from an internal location and the worker is free at once; otherwise
    Django streams them. A missing file is a 404, as is no file at all.
    """
    if not file:
        raise Http404
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    mode = settings.PRIVATE_FILES_SERVE
    if mode in ("x-accel", "x-sendfile"):
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel":
            response["X-Accel-Redirect"] = settings.PRIVATE_FILES_ACCEL_PREFIX + quote(file.name)
        else:
            response["X-Sendfile"] = file.path
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_view(view):
    """For a view handing over a private file: an anonymous reader gets a 404, as a reader of
    another unit does, not a login page that confirms the file exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def serve_image(file: FieldFile | None, *, cache: str = "private, no-store") -> HttpResponse:
    """An image a page shows (inline): only JPEG and PNG, which uploads are re-encoded to;
    anything else is a download, never content rendered by the browser."""
    if not file:
        raise Http404
    suffix = PurePosixPath(file.name).suffix.lower()
    content_type = IMAGE_TYPES.get(suffix)
    return serve(
        file,
        filename=f"anh{suffix}",
        as_attachment=content_type is None,
        content_type=content_type,
        cache=cache,
    )


# --- Moving files out of the public folder (used by data migrations) ---------------------------


def move_to_private(
    apps,
    app_label: str,
    model_name: str,
    field: str,
    prefix: str,
    *,
    name_field: str = "",
    name_of=None,
) -> int:
    """Move the files of ``model.field`` from the public storage to the private one under random
    names, and point the rows (and their history rows) at the new names; returns how many moved.

    ``name_field``, if given, receives the human name (``name_of(old_path)``, by default the
    old base name) when it is empty. Safe to run twice: a row whose file is already private, or
    whose file is missing, is left as it is. The old files are deleted once the migration's
    transaction commits, so a failed migration loses nothing.
    """
    model = apps.get_model(app_label, model_name)
    try:
        history = apps.get_model(app_label, f"Historical{model_name}")
    except LookupError:
        history = None
    public, private = public_storage(), private_storage()
    name_of = name_of or (lambda path: os.path.basename(path))
    moved = 0
    columns = ["pk", field] + ([name_field] if name_field else [])
    for row in model.objects.exclude(**{field: ""}).values(*columns).iterator():
        old = row[field]
        if private.exists(old) or not public.exists(old):
            continue
        with public.open(old, "rb") as handle:
            new = private.save(random_name(prefix, old), handle)
        changes = {field: new}
        if name_field and not row[name_field]:
            changes[name_field] = name_of(old)[:255]
        model.objects.filter(pk=row["pk"]).update(**changes)
        if history is not None:
            history.objects.filter(**{field: old}).update(**changes)
        transaction.on_commit(lambda old=old: public.delete(old))
        moved += 1
    return moved
