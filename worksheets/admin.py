from django.contrib import admin

from .models import Answer


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "prompt", "version", "updated_at"]
    list_filter = ["enrollment__cohort", "prompt__section__module"]
    search_fields = ["enrollment__user__email", "prompt__text", "text"]
    list_select_related = ["enrollment__user", "enrollment__cohort", "prompt"]
    raw_id_fields = ["enrollment", "prompt"]
    readonly_fields = ["version", "updated_at"]
