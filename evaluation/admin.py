from django.contrib import admin

from .models import Attendance, Certificate, CompletionRule, Construct, Instrument, Item


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["slug", "kind", "text", "mentor_text", "waves", "is_active"]
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_active"]


@admin.register(Construct)
class ConstructAdmin(admin.ModelAdmin):
    """Wording can be corrected here; the structure comes from the instrument's file."""

    list_display = ["title", "instrument", "position", "is_active"]
    list_filter = ["instrument"]
    inlines = [ItemInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "session", "attended", "updated_at"]
    list_filter = ["session", "enrollment__cohort"]


@admin.register(CompletionRule)
class CompletionRuleAdmin(admin.ModelAdmin):
    list_display = ["cohort", "sessions_attended", "modules_complete", "post_survey_done"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "cohort_name", "issued_at", "revoked_at"]
    readonly_fields = ["code", "name", "course", "cohort_name", "dates", "facilitators"]
    search_fields = ["code", "name"]
