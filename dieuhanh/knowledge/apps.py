from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "dieuhanh.knowledge"
    label = "knowledge"
    verbose_name = _("Tổng kết kinh nghiệm, chuyên đề")
