from django.contrib import admin

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Who was sent what, and whether it arrived; read-only (a mail is re-sent from the page that
    sent it, with a fresh link)."""

    list_display = ["subject", "to_address", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["to_address", "subject", "reference"]
    fields = [*list_display, "reference", "last_error", "next_attempt_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
