from django.contrib import admin

from .models import ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """Reports in the admin for coordinators (the queue at /feedback/ is where they are handled)."""

    list_display = ["id", "service", "kind", "status", "created_at", "resolved_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["service", "resolved_by"]
    readonly_fields = ["created_at"]
