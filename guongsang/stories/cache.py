"""The public pages' cache: one generation number that every write affecting them bumps.

A cached page's key carries the generation it was rendered in; bumping it makes every cached
public page stale at once (a story edited, a consent withdrawn), with no list of keys to track.
"""

from __future__ import annotations

from django.core.cache import cache

GENERATION_KEY = "portal:generation"
PAGE_TTL = 60 * 10


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
    cache.set(key(*parts), content, PAGE_TTL)
