from django.contrib import admin

from .models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Which reminders went out (read-only: the freshness_reminders command writes them)."""

    list_display = ["organization", "sent_on", "recipients"]
    list_filter = ["sent_on"]
    readonly_fields = ["organization", "sent_on", "services", "recipients"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
