"""API router of the nominees app, mounted under /api/v1/."""

from ninja import Router

router = Router(tags=["Người được đề xuất"])
