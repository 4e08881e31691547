"""API routers of the nominations app: dossiers (authenticated) and citizens' reports (public)."""

from ninja import Router

from .api_public import public_router

router = Router(tags=["Hồ sơ đề nghị"])

__all__ = ["public_router", "router"]
