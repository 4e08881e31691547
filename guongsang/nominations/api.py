"""API routers of the nominations app: dossiers (authenticated) and citizens' reports (public)."""

from ninja import Router

router = Router(tags=["Hồ sơ đề nghị"])
public_router = Router(tags=["Công khai"], auth=None)
