"""The public pages' cache: one generation number that every write affecting them bumps.

A cached page's key carries the generation it was rendered in; bumping it makes every cached
public page stale at once (a story edited, a consent withdrawn), with no list of keys to track.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "portal:generation"


def _page_ttl() -> int:
    """Ten minutes with a shared cache (Redis), where a bump reaches every process at once; one
    minute with the per-process default, where a write made in one worker cannot reach the
    others' generation and only the expiry bounds how long they show the old page."""
    backend = settings.CACHES["default"]["BACKEND"]
    return 60 if "locmem" in backend.lower() else 60 * 10


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


def bump() -> None:
    """Make every cached public page stale (called on commit by the writes that matter)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def key(*parts) -> str:
    return "portal:" + ":".join(str(p) for p in (generation(), *parts))


def get_page(*parts) -> bytes | None:
    return cache.get(key(*parts))


def set_page(content: bytes, *parts) -> None:
    cache.set(key(*parts), content, _page_ttl())
