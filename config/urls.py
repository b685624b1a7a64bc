"""URL wiring: each app owns its URLs; the API lives under /api/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api
from dieuhanh.org.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("dieuhanh.core.urls")),
    path("org/", include("dieuhanh.org.urls")),
    path("plans/", include("dieuhanh.plans.urls")),
    path("directives/", include("dieuhanh.directives.urls")),
    path("knowledge/", include("dieuhanh.knowledge.urls")),
    path("cockpit/", include("dieuhanh.cockpit.urls")),
    path("accounts/", include("dieuhanh.core.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

admin.site.site_header = settings.PRODUCT_NAME
admin.site.site_title = settings.PRODUCT_NAME
admin.site.index_title = "Quản trị dữ liệu danh mục"
