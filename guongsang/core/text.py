"""Vietnamese text folding: the one place where "Đống Đa" becomes "dong da".

Search everywhere compares folded strings, so "nguyen van a" finds "Nguyễn Văn A" and "đ"
matches "d". Folding is deterministic and idempotent; folded columns are stored beside the
original text and indexed.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# NFD does not decompose đ/Đ (a separate letter, not d with a combining mark).
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ→d) and collapse whitespace."""
    if not text:
        return ""
    text = text.translate(_LETTER_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    # Control characters (a NUL byte above all, which PostgreSQL refuses in any text) count as
    # spaces: a search query must never reach the database with them.
    kept = (ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in kept)
    return _SPACES.sub(" ", stripped.lower()).strip()
