"""API router of the awards app, mounted under /api/v1/."""

from ninja import Router

router = Router(tags=["Danh hiệu và hình thức khen thưởng"])
