from django.contrib import admin

from .models import (
    Board,
    CaseStudy,
    Cohort,
    CohortSession,
    Enrollment,
    Module,
    Post,
    Prompt,
    Section,
    Session,
)


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ["position", "title", "slug", "is_active"]
    readonly_fields = ["slug"]
    extra = 0
    show_change_link = True


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind", "is_active"]
    inlines = [ModuleInline]


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "kind", "worksheet_type", "title", "is_optional", "is_active"]
    readonly_fields = ["kind", "worksheet_type", "is_optional"]
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "position", "is_active"]
    list_filter = ["session", "is_active"]
    search_fields = ["title", "slug", "intro"]
    readonly_fields = ["slug"]
    inlines = [SectionInline]


class PromptInline(admin.TabularInline):
    model = Prompt
    fields = ["position", "text", "row_label", "column_label", "is_active"]
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "module",
        "kind",
        "worksheet_type",
        "position",
        "is_optional",
        "is_active",
    ]
    list_filter = ["kind", "worksheet_type", "module__session", "is_optional", "is_active"]
    search_fields = ["title", "slug", "body", "summary"]
    # Whether a section is optional is the curriculum file's to say (load_curriculum sets it).
    readonly_fields = ["slug", "module", "is_optional"]
    inlines = [PromptInline]


@admin.register(CaseStudy)
class CaseStudyAdmin(SectionAdmin):
    list_display = ["title", "module", "position", "is_optional", "is_active"]
    list_filter = ["module__session", "is_optional", "is_active"]


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["text", "section", "position", "is_active"]
    list_filter = ["section__module", "is_active"]
    search_fields = ["text", "slug", "row_label", "column_label"]
    readonly_fields = ["slug", "section"]


class CohortSessionInline(admin.TabularInline):
    model = CohortSession
    fields = ["session", "is_open", "starts_at", "location"]
    extra = 0


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "join_code", "is_archived", "created_at"]
    list_filter = ["is_archived"]
    search_fields = ["name", "join_code"]
    inlines = [CohortSessionInline, EnrollmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "role", "joined_at"]
    list_filter = ["role", "cohort"]
    search_fields = ["user__email", "user__display_name", "cohort__name"]
    autocomplete_fields = ["user"]


class PostInline(admin.TabularInline):
    model = Post
    fields = ["created_at", "enrollment", "text", "is_anonymous", "is_hidden", "is_pinned"]
    readonly_fields = ["created_at", "enrollment", "text", "is_anonymous"]
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["section", "cohort", "created_at"]
    list_filter = ["cohort"]
    inlines = [PostInline]
