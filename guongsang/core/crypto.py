"""Personal data at rest: field encryption (Fernet) and blind indexes for exact lookups.

CCCD numbers and phone numbers are stored encrypted. To find "the same CCCD" without decrypting
every row, a keyed hash (HMAC-SHA256) of the normalised value is stored beside it.

Keys come from ``FIELD_ENCRYPTION_KEYS`` (comma-separated Fernet keys, newest first, so old
keys keep decrypting during a rotation). Without it, one key is derived from ``SECRET_KEY`` —
fine for development; production should set its own keys and keep them apart from backups.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [k.strip() for k in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if k.strip()]
    if not keys:
        derived = hashlib.sha256(b"guongsang-field-encryption:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(k) for k in keys])


@lru_cache(maxsize=1)
def _index_key() -> bytes:
    return hashlib.sha256(b"guongsang-blind-index:" + settings.SECRET_KEY.encode()).digest()


def encrypt(value: str) -> str:
    """Encrypt a string; the empty string stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt what :func:`encrypt` made; raises ``ValueError`` on a foreign or damaged token."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt value") from exc


def blind_index(value: str) -> str:
    """A keyed hash of the value with spaces and dots removed, for exact-match lookups."""
    normalised = re.sub(r"[\s.\-]", "", value or "").upper()
    if not normalised:
        return ""
    return hmac.new(_index_key(), normalised.encode(), hashlib.sha256).hexdigest()


def mask(value: str, keep_start: int = 4, keep_end: int = 2) -> str:
    """Mask the middle of an identifier: ``001123456789`` → ``0011******89``."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain value.

    It cannot be filtered on: store a :func:`blind_index` beside it for lookups.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
