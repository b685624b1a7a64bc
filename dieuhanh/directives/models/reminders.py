"""Reminders: each unit's settings, the in-app inbox, and the secret addresses of calendar feeds."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.directives.models.tasks import Task
from dieuhanh.org.models import Unit


class ReminderSettings(VersionedModel):
    """How a unit's tasks are reminded (thiết lập nhắc việc); sub-units without their own
    settings follow the nearest unit above that has them, else the defaults below."""

    DEFAULTS: ClassVar[dict[str, int | bool]] = {
        "days_before": 3,
        "on_the_day": True,
        "repeat_every": 3,
        "escalate_head_after": 3,
        "escalate_issuer_after": 7,
        "email": True,
    }

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    days_before = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày)"),
        default=3,
        help_text=_("Số ngày (theo lịch) trước thời hạn thì nhắc; 0 là không nhắc trước."),
    )
    on_the_day = models.BooleanField(_("nhắc vào ngày đến hạn"), default=True)
    repeat_every = models.PositiveSmallIntegerField(
        _("nhắc lại khi quá hạn, mỗi (ngày)"),
        default=3,
        help_text=_(
            "Quá hạn thì nhắc ngay ngày hôm sau, rồi cứ bấy nhiêu ngày nhắc lại; "
            "0 là chỉ nhắc một lần."
        ),
    )
    escalate_head_after = models.PositiveSmallIntegerField(
        _("báo lãnh đạo đơn vị sau khi quá hạn (ngày)"), default=3
    )
    escalate_issuer_after = models.PositiveSmallIntegerField(
        _("báo người giao, người chỉ đạo sau khi quá hạn (ngày)"), default=7
    )
    email = models.BooleanField(_("gửi cả thư điện tử"), default=True)

    class Meta:
        verbose_name = _("thiết lập nhắc việc")
        verbose_name_plural = _("thiết lập nhắc việc")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__lte=60), name="directives_remindersettings_days_before"
            ),
            models.CheckConstraint(
                condition=Q(repeat_every__lte=60), name="directives_remindersettings_repeat"
            ),
            models.CheckConstraint(
                condition=Q(escalate_head_after__gte=1)
                & Q(escalate_issuer_after__gte=F("escalate_head_after")),
                name="directives_remindersettings_escalation_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class NotificationQuerySet(models.QuerySet["Notification"]):
    """Lookups of the inbox."""

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(BaseModel):
    """A message in one user's inbox; a reminder is sent once per task, kind, person and day."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Sắp đến hạn")
        DUE_TODAY = "due_today", _("Đến hạn hôm nay")
        OVERDUE = "overdue", _("Quá hạn")
        ESCALATE_HEAD = "escalate_head", _("Báo lãnh đạo đơn vị: việc quá hạn")
        ESCALATE_ISSUER = "escalate_issuer", _("Báo người giao: việc quá hạn")

    class Email(models.TextChoices):
        NONE = "none", _("Không gửi thư")
        PENDING = "pending", _("Chờ gửi thư")
        SENDING = "sending", _("Đang gửi thư")
        SENT = "sent", _("Đã gửi thư")
        FAILED = "failed", _("Gửi thư lỗi")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=15, choices=Kind.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="notifications"
    )
    occurrence = models.DateField(
        _("lần nhắc"),
        help_text=_("Ngày mà lần nhắc này thuộc về; mỗi lần nhắc chỉ gửi một lần."),
    )
    text = models.CharField(_("nội dung"), max_length=500)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email = models.CharField(
        _("thư điện tử"), max_length=7, choices=Email.choices, default=Email.NONE
    )
    email_to = models.EmailField(_("gửi thư tới"), blank=True)
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    objects: ClassVar[NotificationQuerySet] = NotificationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "recipient", "occurrence"],
                name="directives_notification_once",
            ),
            models.CheckConstraint(
                condition=Q(email="none") | ~Q(email_to=""),
                name="directives_notification_email_addressed",
            ),
        ]
        indexes = [
            # The inbox and the unread count in the header: one user's newest first.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="directives_notif_inbox_idx"
            ),
            # The mailer picks up notifications whose e-mail is still to be sent.
            models.Index(
                fields=["email"],
                condition=Q(email__in=["pending", "sending"]),
                name="directives_notif_mail_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class FeedTokenQuerySet(models.QuerySet["CalendarFeedToken"]):
    def active(self) -> FeedTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class CalendarFeedToken(BaseModel):
    """The secret in a user's calendar-feed address: calendar apps cannot log in, so the
    address itself authenticates, for reading one's deadlines only. Only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )
    prefix = models.CharField(_("tiền tố"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects: ClassVar[FeedTokenQuerySet] = FeedTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("địa chỉ lịch")
        verbose_name_plural = _("địa chỉ lịch")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="directives_calendarfeedtoken_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(24)
