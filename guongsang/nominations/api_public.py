"""Public API of citizens' reports of good deeds (no login): ``/api/v1/public/``."""

from ninja import Router

public_router = Router(tags=["Công khai"], auth=None)
