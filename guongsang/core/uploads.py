"""Checking uploaded files: the allowed kinds by their first bytes, not their names, a size cap,
and for DOCX and XLSX what their archive would unpack to.

A file's extension is what the sender claims; its first bytes are what it is. A DOCX or XLSX is a
ZIP archive, a JPEG starts with FF D8 FF, a PNG with its signature.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
DOCUMENTS = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")
IMAGES_AND_PDF = ("pdf", "jpg", "jpeg", "png")

# What a DOCX or XLSX from a user may unpack to before openpyxl or python-docx reads it. A few
# kilobytes of ZIP can unpack to gigabytes (a "zip bomb"); parsing that costs minutes of CPU.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5_000
# Office XML compresses about 5 to 20 times; deflate cannot do better than about 1,030 times,
# which is what a bomb's long runs of one byte reach. Checked on members large enough to matter.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024


def check_upload(file, *, allowed: tuple[str, ...] = DOCUMENTS, max_bytes: int = 20 * 1024 * 1024) -> None:
    """Refuse an empty file, a file over ``max_bytes``, or one whose content is not of an
    ``allowed`` kind, with a Vietnamese message naming the file."""
    name = os.path.basename(getattr(file, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kinds = ", ".join(sorted({k.upper().replace("JPEG", "JPG") for k in allowed}))
    if extension not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép. Chỉ nhận tệp %(kinds)s.")
            % {"name": name, "kinds": kinds},
            code="file_type",
        )
    if not file.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="file_empty")
    if file.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp %(ext)s hợp lệ.")
            % {"name": name, "ext": extension.upper()},
            code="file_content",
        )


def check_archive(
    file,
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_members: int = MAX_ARCHIVE_MEMBERS,
    max_ratio: int = MAX_COMPRESSION_RATIO,
    kind: str = "",
) -> None:
    """Refuse a DOCX or XLSX whose archive would unpack to more than ``max_unpacked`` bytes, holds
    more than ``max_members`` entries, or has an entry compressed more than ``max_ratio`` times;
    or that is no ZIP archive at all. Only the archive's central directory is read: nothing is
    unpacked, so a bomb costs milliseconds.

    The sizes are the ones the archive declares. They can be trusted for what follows: openpyxl
    and python-docx read through :mod:`zipfile`, which never unpacks an entry past its declared
    size (a lying entry fails its CRC check instead).
    """
    name = os.path.basename(getattr(file, "name", "") or "")
    kind = kind or (name.rsplit(".", 1)[-1].upper() if "." in name else "DOCX/XLSX")
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp %(kind)s hợp lệ.") % {"name": name, "kind": kind},
            code="archive_broken",
        ) from exc
    finally:
        file.seek(0)
    unpacked = sum(member.file_size for member in members)
    bomb = any(
        member.file_size >= RATIO_CHECKED_FROM and member.file_size > max_ratio * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > max_members or unpacked > max_unpacked or bomb:
        raise ValidationError(
            _(
                "Tệp “%(name)s” chứa quá nhiều dữ liệu: quá lớn khi giải nén (%(size)s, giới hạn %(limit)s) "
                "hoặc nén bất thường. Hãy chia thành các tệp nhỏ hơn, hoặc mở bằng Word/Excel, lưu lại "
                "rồi gửi lại."
            )
            % {"name": name, "size": filesizeformat(unpacked), "limit": filesizeformat(max_unpacked)},
            code="archive_too_large",
        )


def reencoded_image(
    file, *, field: str, max_size: tuple[int, int] | None = None
) -> tuple[ContentFile, Any, bytes | None]:
    """A checked JPG or PNG drawn again from its pixels: turned upright as its EXIF orientation
    says, and without the EXIF block (a phone writes the GPS position and the time there) or any
    other metadata, which would otherwise be published with it. Colour profile kept; shrunk to
    fit ``max_size`` when given (never enlarged). A file that does not decode is refused under
    ``field``.

    Returns the file to store, and the upright pixels and profile smaller copies are made from."""
    from PIL import Image, ImageOps

    file.seek(0)
    try:
        with Image.open(file) as original:
            kind = original.format
            profile = original.info.get("icc_profile")
            try:
                image = ImageOps.exif_transpose(original)
            except Exception:  # a broken EXIF block: keep the pixels as they are, drop the block
                image = original.copy()
            image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            {field: _("Tệp “%(name)s” không phải là ảnh đọc được.") % {"name": file.name}}
        ) from exc
    finally:
        file.seek(0)
    if max_size:
        image.thumbnail(max_size, Image.Resampling.LANCZOS)
    image.info = {}  # nothing read from the upload is written back but the pixels
    options: dict[str, Any] = {"icc_profile": profile} if profile else {}
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer := io.BytesIO(), "JPEG", quality=88, optimize=True, **options)
        extension = "jpg"
    else:
        image.save(buffer := io.BytesIO(), "PNG", **options)
        extension = "png"
    clean = ContentFile(buffer.getvalue(), name=f"{Path(file.name).stem}.{extension}")
    clean.width, clean.height = image.size
    return clean, image, profile
