"""The one registry of worksheet kinds.

A curriculum section of kind "worksheet" names one of these kinds. Each entry says where
everything about that kind lives: the model its records are stored in, the form of the module
page, the rules for how much of it is done and what keeps it from being complete, what the PDF
prints of it, how the demo fills it in, and its two templates. Adding a kind is one entry here
plus the kind's own pieces (docs/adding-a-worksheet-kind.md)."""

from collections.abc import Callable
from dataclasses import dataclass

from . import forms, models, rules
from .demo import fillers as demo
from .pdf import worksheets as pdf


@dataclass(frozen=True)
class WorksheetKind:
    slug: str
    label: str
    # None for a grid: its cells are prompts, saved as answers and counted with them.
    model: type | None = None  # a WorksheetRecord model
    form: type[forms.VersionedForm] | None = None
    progress: Callable | None = None  # (section, records) -> (done, total)
    pdf: Callable | None = None  # (section, Records, person) -> plain data for the template
    demo: Callable | None = None  # (enrollment, section, data from demo-workbook.yaml)
    # (section, records) -> {form field: [messages]}: what keeps a stored worksheet from being
    # complete. Such rules never refuse a save (worksheets/rules.py).
    notes: Callable | None = None

    def notes_of(self, section, records) -> dict[str, list[str]]:
        return self.notes(section, records) if self.notes else {}

    @property
    def page_template(self) -> str:
        return f"worksheets/includes/_{self.slug}.html"

    @property
    def pdf_template(self) -> str:
        return f"worksheets/pdf/_{self.slug}.html"


KINDS: dict[str, WorksheetKind] = {
    kind.slug: kind
    for kind in (
        WorksheetKind("grid", "Grid of questions"),
        WorksheetKind(
            "strategies",
            "Strategies checklist",
            models.StrategyChoice,
            forms.StrategiesForm,
            rules.strategies_progress,
            pdf.strategies_pdf,
            demo.strategies,
        ),
        WorksheetKind(
            "smart_goals",
            "SMART goals",
            models.SmartGoal,
            forms.SmartGoalForm,
            rules.smart_goals_progress,
            pdf.smart_goals_pdf,
            demo.smart_goals,
        ),
        WorksheetKind(
            "roles",
            "Roles mentors can play",
            models.RolesChecklist,
            forms.RolesForm,
            rules.roles_progress,
            pdf.roles_pdf,
            demo.roles,
            notes=rules.roles_notes,
        ),
        WorksheetKind(
            "agreement",
            "Mentorship agreement",
            models.MentorshipAgreement,
            forms.AgreementForm,
            rules.agreement_progress,
            pdf.agreement_pdf,
            demo.agreement,
        ),
        WorksheetKind(
            "questionnaire",
            "Expectations questionnaire",
            models.QuestionnaireRating,
            forms.QuestionnaireForm,
            rules.questionnaire_progress,
            pdf.questionnaire_pdf,
            demo.questionnaire,
        ),
        WorksheetKind(
            "mentor_map",
            "Mentor map",
            models.MentorMapEntry,
            forms.MentorMapForm,
            rules.mentor_map_progress,
            pdf.mentor_map_pdf,
            demo.mentor_map,
        ),
        WorksheetKind(
            "stair_steps",
            "Stair steps",
            models.StairSteps,
            forms.StairStepsForm,
            rules.stair_steps_progress,
            pdf.stair_steps_pdf,
            demo.stair_steps,
            notes=rules.stair_steps_notes,
        ),
        WorksheetKind(
            "four_way_view",
            "Four-way view",
            models.FourWayView,
            forms.FourWayViewForm,
            rules.four_way_view_progress,
            pdf.four_way_view_pdf,
            demo.four_way_view,
            notes=rules.four_way_view_notes,
        ),
        WorksheetKind(
            "list",
            "List",
            models.ListItem,
            forms.ListForm,
            rules.list_progress,
            pdf.list_pdf,
            demo.list_items,
            notes=rules.list_notes,
        ),
    )
}

# The kinds whose records are models of their own, in workbook order.
RECORD_KINDS = [kind for kind in KINDS.values() if kind.model is not None]


def of(section) -> WorksheetKind | None:
    """The section's worksheet kind, or None for readings, activities and case studies."""
    return KINDS.get(section.worksheet_type) if section.worksheet_type else None


def records_by_section(where: dict, *, sections=None) -> dict[int, list]:
    """The records matching `where`, grouped by section id: one query per kind, and only for
    the kinds of `sections` when given (a module page asks for its own kinds only)."""
    wanted = RECORD_KINDS
    if sections is not None:
        slugs = {section.worksheet_type for section in sections}
        wanted = [kind for kind in RECORD_KINDS if kind.slug in slugs]
    grouped: dict[int, list] = {}
    for kind in wanted:
        for record in kind.model.objects.filter(**where):
            grouped.setdefault(record.section_id, []).append(record)
    return grouped
