from django.contrib import admin

from .models import WORKSHEET_RECORD_MODELS, Answer


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "prompt", "version", "updated_at"]
    list_filter = ["enrollment__cohort", "prompt__section__module"]
    search_fields = ["enrollment__user__email", "prompt__text", "text"]
    list_select_related = ["enrollment__user", "enrollment__cohort", "prompt"]
    raw_id_fields = ["enrollment", "prompt"]
    readonly_fields = ["version", "updated_at"]


class WorksheetRecordAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "section", "version", "updated_at"]
    list_filter = ["enrollment__cohort", "section__module"]
    search_fields = ["enrollment__user__email", "enrollment__user__display_name"]
    list_select_related = ["enrollment__user", "section"]
    raw_id_fields = ["enrollment", "section"]
    readonly_fields = ["version", "updated_at"]


for worksheet_model in WORKSHEET_RECORD_MODELS:
    admin.site.register(worksheet_model, WorksheetRecordAdmin)
