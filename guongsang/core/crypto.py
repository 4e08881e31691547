"""Personal data at rest: field encryption (Fernet) and blind indexes for exact lookups.

CCCD numbers, phone numbers and e-mail addresses are stored encrypted. To find "the same CCCD"
without decrypting every row, a keyed hash (HMAC-SHA256) of the normalised value is stored
beside it: a *blind index*.

Two sets of keys, both apart from ``SECRET_KEY`` (rotating the session/CSRF key must never make
personal data unreadable or duplicates unfindable):

- ``FIELD_ENCRYPTION_KEYS``: Fernet keys, newest first. The newest encrypts; every key listed
  decrypts, so old rows stay readable while ``manage.py rotate_keys --encryption`` re-encrypts
  them.
- ``FIELD_LOOKUP_KEYS``: blind-index keys (URL-safe base64 of at least 32 bytes), newest first.
  The newest computes the stored index; lookups try every key listed, so a duplicate is still
  found while ``manage.py rotate_keys --lookup`` recomputes the stored indexes.

Production must set both (settings refuse to start otherwise); development uses fixed, public,
dev-only keys (see ``DEV_ENCRYPTION_KEY``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

# Development keys. Public on purpose: they protect nothing but synthetic demo data, and being
# constant they never change under a developer's database. They equal what earlier versions
# derived from the development SECRET_KEY, so a demo database made before keys were split stays
# readable. Production refuses them.
DEV_ENCRYPTION_KEY = "hNjN47eWu6iTGuRBWXDAm6miUFnDrnYuel20oBeXCOY="
DEV_LOOKUP_KEY = "c7fjBjJjyFYV7dx24sn6LLuT8Sl2pxO5VsHHtHE5Z6s="
MIN_LOOKUP_KEY_BYTES = 32


def _lookup_key_bytes(key: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("FIELD_LOOKUP_KEYS: a key is not URL-safe base64.") from exc
    if len(raw) < MIN_LOOKUP_KEY_BYTES:
        raise ImproperlyConfigured(
            f"FIELD_LOOKUP_KEYS: a key must hold at least {MIN_LOOKUP_KEY_BYTES} bytes "
            "(generate one with `manage.py rotate_keys --generate`)."
        )
    return raw


def check_keys(encryption_keys: list[str], lookup_keys: list[str], *, production: bool) -> None:
    """Refuse a key configuration that would lose or expose data; called by the settings.

    Production needs its own keys of both kinds, well-formed, none of them the public
    development keys, and no key used for both purposes.
    """
    if production:
        missing = [
            name
            for name, keys in (("FIELD_ENCRYPTION_KEYS", encryption_keys), ("FIELD_LOOKUP_KEYS", lookup_keys))
            if not keys
        ]
        if missing:
            raise ImproperlyConfigured(
                f"{' and '.join(missing)} must be set when DJANGO_ENV=production: CCCD numbers, "
                "phone numbers and e-mail addresses are encrypted with keys kept apart from "
                "SECRET_KEY. Generate them with `manage.py rotate_keys --generate` and see "
                "docs/encryption-keys.md."
            )
        if DEV_ENCRYPTION_KEY in encryption_keys or DEV_LOOKUP_KEY in lookup_keys:
            raise ImproperlyConfigured(
                "The development field keys must not be used when DJANGO_ENV=production."
            )
        if set(encryption_keys) & set(lookup_keys):
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS and FIELD_LOOKUP_KEYS must not share a key.")
    for key in encryption_keys:
        try:
            Fernet(key)
        except (ValueError, binascii.Error) as exc:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS: a key is not a Fernet key (32 bytes, URL-safe base64)."
            ) from exc
    for key in lookup_keys:
        _lookup_key_bytes(key)


def generate_encryption_key() -> str:
    """A new Fernet key for ``FIELD_ENCRYPTION_KEYS``."""
    return Fernet.generate_key().decode()


def generate_lookup_key() -> str:
    """A new blind-index key for ``FIELD_LOOKUP_KEYS``."""
    import secrets

    return base64.urlsafe_b64encode(secrets.token_bytes(MIN_LOOKUP_KEY_BYTES)).decode()


def legacy_keys(secret_key: str) -> tuple[str, str]:
    """The encryption and lookup keys that versions before the split derived from
    ``secret_key``: list them last to read (and then rotate) data those versions wrote."""
    encryption = hashlib.sha256(b"guongsang-field-encryption:" + secret_key.encode()).digest()
    lookup = hashlib.sha256(b"guongsang-blind-index:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(encryption).decode(), base64.urlsafe_b64encode(lookup).decode()


def _encryption_keys() -> list[str]:
    return [k.strip() for k in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if k.strip()] or [
        DEV_ENCRYPTION_KEY
    ]


def _configured_lookup_keys() -> list[str]:
    return [k.strip() for k in getattr(settings, "FIELD_LOOKUP_KEYS", []) if k.strip()] or [DEV_LOOKUP_KEY]


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _encryption_keys()])


@lru_cache(maxsize=1)
def _newest_fernet() -> Fernet:
    return Fernet(_encryption_keys()[0])


@lru_cache(maxsize=1)
def _lookup_keys() -> tuple[bytes, ...]:
    return tuple(_lookup_key_bytes(k) for k in _configured_lookup_keys())


def _clear_caches(*, setting: str, **kwargs) -> None:
    if setting in {"FIELD_ENCRYPTION_KEYS", "FIELD_LOOKUP_KEYS"}:
        _fernet.cache_clear()
        _newest_fernet.cache_clear()
        _lookup_keys.cache_clear()


setting_changed.connect(_clear_caches)


def encrypt(value: str) -> str:
    """Encrypt a string with the newest key; the empty string stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt what :func:`encrypt` made, with any key listed; raises ``ValueError`` on a foreign
    or damaged token."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt value") from exc


def is_current(token: str) -> bool:
    """Whether a stored token is encrypted with the newest key (nothing left to rotate)."""
    if not token:
        return True
    try:
        _newest_fernet().decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def _normalise(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def _hmac(key: bytes, normalised: str) -> str:
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def blind_index(value: str) -> str:
    """The keyed hash stored beside a value (newest lookup key), spaces, dots and dashes removed
    and letters upper-cased, for exact-match lookups."""
    normalised = _normalise(value)
    if not normalised:
        return ""
    return _hmac(_lookup_keys()[0], normalised)


def blind_indexes(value: str) -> list[str]:
    """The value's hash under every lookup key, newest first: filter with ``__in`` so that rows
    not yet re-hashed after a lookup-key rotation are still found."""
    normalised = _normalise(value)
    if not normalised:
        return []
    return [_hmac(key, normalised) for key in _lookup_keys()]


def mask(value: str, keep_start: int = 4, keep_end: int = 2) -> str:
    """Mask the middle of an identifier: ``001123456789`` → ``0011******89``."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    # Not value[-keep_end:]: with keep_end=0 that is the whole value.
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_email(address: str) -> str:
    """Mask an e-mail address's local part, keeping its first letter and the domain:
    ``nguyen.duc@gmail.com`` → ``n*********@gmail.com``."""
    if not address:
        return ""
    local, at, domain = address.partition("@")
    if not at:
        return mask(address, keep_start=1, keep_end=0)
    return mask(local, keep_start=1, keep_end=0) + "@" + domain


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain value.

    It cannot be filtered on: store a :func:`blind_index` beside it for lookups and name that
    column in ``index_field``, so that ``manage.py rotate_keys`` finds the pair and re-hashes it.
    """

    def __init__(self, *args, index_field: str = "", **kwargs):
        self.index_field = index_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.index_field:
            kwargs["index_field"] = self.index_field
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    """The model's encrypted columns (concrete fields only)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
