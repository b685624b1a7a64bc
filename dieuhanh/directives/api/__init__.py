"""JSON API of directives and tasks: thin handlers over the same selectors and services as the
pages; out of scope is 404, in scope without the right 403, a stale version 409."""

from ninja import Router

from dieuhanh.directives.api import directives, follow_up, tasks

router = Router()
router.add_router("", tasks.router)
router.add_router("", follow_up.router)
router.add_router("", directives.router)

__all__ = ["router"]
