"""API router of the movements app, mounted under /api/v1/."""

from ninja import Router

router = Router(tags=["Phong trào thi đua và tiêu chí"])
