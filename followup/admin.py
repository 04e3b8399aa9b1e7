from django.contrib import admin

from .models import GoalNote, GoalTracking


@admin.register(GoalTracking)
class GoalTrackingAdmin(admin.ModelAdmin):
    list_display = ["goal", "status", "target_date", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["goal"]


@admin.register(GoalNote)
class GoalNoteAdmin(admin.ModelAdmin):
    list_display = ["goal", "written_on", "status"]
    raw_id_fields = ["goal"]
