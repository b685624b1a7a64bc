"""The JSON API root: one router per app, session auth for browsers, tokens for machines."""

from ninja import NinjaAPI

from dieuhanh.core.api_auth import BearerToken, SessionAuth
from dieuhanh.core.api_errors import install_error_handlers
from dieuhanh.directives.api import router as directives_router
from dieuhanh.knowledge.api import router as knowledge_router
from dieuhanh.org.api import router as org_router
from dieuhanh.plans.api import router as plans_router

api = NinjaAPI(
    title="Điều hành API",
    version="1",
    description='API của Điều hành. Lỗi luôn có dạng {"detail": …}.',
    auth=[SessionAuth(), BearerToken()],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/org/", org_router, tags=["Tổ chức"])
api.add_router("/plans/", plans_router, tags=["Kế hoạch và chỉ tiêu"])
api.add_router("/directives/", directives_router, tags=["Chỉ đạo, nhiệm vụ"])
api.add_router("/knowledge/", knowledge_router, tags=["Tổng kết kinh nghiệm"])
