"""What apps above the org tree add to it, registered in their ``AppConfig.ready()``.

The unit page shows who works there, and the people (memberships) belong to accounts, a layer
above orgs; accounts registers the context it adds instead of orgs importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Functions of (user, unit) returning template context for the unit page, in registration order.
UNIT_PAGE_CONTEXT: list[Callable[[Any, Any], dict[str, Any]]] = []


def register_unit_page_context(provider: Callable[[Any, Any], dict[str, Any]]) -> None:
    """Add ``provider(user, unit)``'s context to every unit page (once, however often called)."""
    if provider not in UNIT_PAGE_CONTEXT:
        UNIT_PAGE_CONTEXT.append(provider)


def unit_page_context(user, unit) -> dict[str, Any]:
    """The context every registered app adds to ``unit``'s page as ``user`` sees it."""
    context: dict[str, Any] = {}
    for provider in UNIT_PAGE_CONTEXT:
        context.update(provider(user, unit))
    return context
