"""JSON API of the knowledge app: thin handlers over the same selectors and services as the
pages; out of scope is 404, in scope without the right 403, a refused change 400, a stale
version 409, and every error is {"detail", "field"}."""

from ninja import Router

from dieuhanh.knowledge.api import guidance, learning, resolutions

router = Router()
router.add_router("", learning.router)
router.add_router("", guidance.router)
router.add_router("", resolutions.router)

__all__ = ["router"]
