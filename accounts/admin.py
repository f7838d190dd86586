from django.contrib import admin
from django.http import HttpRequest

from .models import Invitation, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["organizations"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made, resent and withdrawn on /accounts/people/ (which sends the email)."""

    list_display = ["email", "role", "sent_at", "accepted_at", "revoked_at", "invited_by"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["email", "role", "organizations", "invited_by", "sent_at", "accepted_at", "revoked_at", "user"]
    exclude = ["nonce"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Invitation | None = None) -> bool:
        return False
