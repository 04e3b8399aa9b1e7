"""Everything a module page shows and accepts: its sections, each with the forms of its parts."""

from dataclasses import dataclass, field

from sessions_app.curriculum.cache import sections_of
from sessions_app.models import Section

from . import forms as wf
from .models import (
    Answer,
    FourWayView,
    ListItem,
    MentorMapEntry,
    MentorshipAgreement,
    QuestionnaireRating,
    RolesChecklist,
    StairSteps,
    StrategyChoice,
)
from .services import smart_goals_for

# One record per person and worksheet, keyed by section.
SINGLE_RECORD_FORMS = {
    "strategies": (StrategyChoice, wf.StrategiesForm),
    "roles": (RolesChecklist, wf.RolesForm),
    "agreement": (MentorshipAgreement, wf.AgreementForm),
    "stair_steps": (StairSteps, wf.StairStepsForm),
    "four_way_view": (FourWayView, wf.FourWayViewForm),
}


@dataclass
class SectionForms:
    section: Section
    answers: wf.PromptAnswersForm | None = None
    worksheet: list = field(default_factory=list)

    @property
    def forms(self):
        return ([self.answers] if self.answers else []) + self.worksheet


class ModuleWorkbook:
    """The bound or unbound forms of one module for one participant."""

    def __init__(self, *, enrollment, module, data=None):
        self.enrollment = enrollment
        self.module = module
        self.sections = sections_of(module)
        self.data = data
        records = self._records()
        self.parts = [self._section_forms(section, records) for section in self.sections]

    def _records(self):
        mine = {"enrollment": self.enrollment, "section__module": self.module}
        types = {s.worksheet_type for s in self.sections}
        records = {
            "answers": {
                a.prompt_id: a
                for a in Answer.objects.filter(
                    enrollment=self.enrollment, prompt__section__module=self.module
                )
            }
        }
        for kind, (model, _form) in SINGLE_RECORD_FORMS.items():
            if kind in types:
                records[kind] = {r.section_id: r for r in model.objects.filter(**mine)}
        if "questionnaire" in types:
            records["questionnaire"] = list(QuestionnaireRating.objects.filter(**mine))
        if "mentor_map" in types:
            records["mentor_map"] = list(MentorMapEntry.objects.filter(**mine))
        if "list" in types:
            records["list"] = list(ListItem.objects.filter(**mine))
        return records

    def _section_forms(self, section, records) -> SectionForms:
        common = {"data": self.data, "section": section, "enrollment": self.enrollment}
        parts = SectionForms(section)
        prompts = list(section.prompts.all())
        if prompts:
            parts.answers = wf.PromptAnswersForm(
                prompts=prompts, answers=records["answers"], **common
            )
        kind = section.worksheet_type
        if kind in SINGLE_RECORD_FORMS:
            form_class = SINGLE_RECORD_FORMS[kind][1]
            parts.worksheet.append(form_class(record=records[kind].get(section.pk), **common))
        elif kind == "smart_goals":
            fields = section.spec.get("fields", [])
            for goal in smart_goals_for(enrollment=self.enrollment, section=section):
                parts.worksheet.append(wf.SmartGoalForm(goal=goal, smart_fields=fields, **common))
        elif kind == "questionnaire":
            ratings = {r.item: r for r in records[kind] if r.section_id == section.pk}
            parts.worksheet.append(wf.QuestionnaireForm(ratings=ratings, **common))
        elif kind == "mentor_map":
            entries = {(e.category, e.slot): e for e in records[kind] if e.section_id == section.pk}
            parts.worksheet.append(wf.MentorMapForm(entries=entries, **common))
        elif kind == "list":
            items = {i.position: i for i in records[kind] if i.section_id == section.pk}
            parts.worksheet.append(wf.ListForm(items=items, **common))
        return parts

    @property
    def forms(self):
        return [form for part in self.parts for form in part.forms]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]  # every form, to show every error
        return all(results)

    def changes(self):
        return [change for form in self.forms for change in form.changes()]

    def show_conflicts(self, conflicts) -> None:
        for conflict in conflicts:
            form = next(f for f in self.forms if conflict.change.field.startswith(f.prefix + "-"))
            form.show_conflict(conflict)

    def has_errors(self) -> bool:
        return any(form.errors for form in self.forms)
