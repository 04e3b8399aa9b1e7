"""Everything a module page shows and accepts: its sections, each with the forms of its parts."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from sessions_app.curriculum.cache import sections_of
from sessions_app.models import Section

from . import forms as wf
from . import kinds
from .models import Answer
from .progress import Progress, section_progress


class SavedAnswers(Mapping):
    """The person's saved answers to some prompts, by prompt id, read when one is first asked
    for: a page asks at once, an autosave whose values can all be stored never does."""

    def __init__(self, enrollment, prompt_ids: list[int]):
        self.enrollment = enrollment
        self.prompt_ids = prompt_ids

    @cached_property
    def _by_prompt(self) -> dict:
        if not self.prompt_ids:
            return {}
        answers = Answer.objects.filter(enrollment=self.enrollment, prompt_id__in=self.prompt_ids)
        return {answer.prompt_id: answer for answer in answers}

    def __getitem__(self, prompt_id):
        return self._by_prompt[prompt_id]

    def __iter__(self):
        return iter(self._by_prompt)

    def __len__(self):
        return len(self._by_prompt)


@dataclass
class SectionForms:
    section: Section
    answers: wf.PromptAnswersForm | None = None
    worksheet: list = field(default_factory=list)
    # What the section's progress is worked out from, only when a page shows it (an autosave
    # builds the same parts and never asks).
    prompts: list = field(default_factory=list)
    saved_answers: Mapping = field(default_factory=dict)
    records: list = field(default_factory=list)

    @cached_property
    def progress(self) -> Progress:
        return section_progress(self.section, self.prompts, self.saved_answers, self.records)

    @property
    def forms(self):
        return ([self.answers] if self.answers else []) + self.worksheet


class ModuleWorkbook:
    """The bound or unbound forms of one module for one participant."""

    def __init__(self, *, enrollment, module, data=None, only_sections=None):
        """`only_sections`: the ids of the sections to build (an autosave sends only the parts
        that changed); None for the whole module."""
        self.enrollment = enrollment
        self.module = module
        self.sections = [
            section
            for section in sections_of(module)
            if only_sections is None or section.pk in only_sections
        ]
        self.data = data
        records = self._records()
        self.parts = [self._section_forms(section, records) for section in self.sections]

    def _records(self):
        section_ids = [section.pk for section in self.sections]
        prompt_ids = [prompt.pk for section in self.sections for prompt in section.prompts.all()]
        return {
            "answers": SavedAnswers(self.enrollment, prompt_ids),
            "worksheets": kinds.records_by_section(
                {"enrollment": self.enrollment, "section_id__in": section_ids},
                sections=self.sections,
            ),
        }

    def _section_forms(self, section, records) -> SectionForms:
        common = {"data": self.data, "section": section, "enrollment": self.enrollment}
        prompts = list(section.prompts.all())
        mine = records["worksheets"].get(section.pk, [])
        parts = SectionForms(
            section, prompts=prompts, saved_answers=records["answers"], records=mine
        )
        if prompts:
            parts.answers = wf.PromptAnswersForm(
                prompts=prompts, answers=records["answers"], **common
            )
        kind = kinds.of(section)
        if kind and kind.form:
            parts.worksheet = kind.form.for_section(mine, **common)
            for form in parts.worksheet:
                form.use_notes(kind.notes, mine)
        return parts

    @property
    def forms(self):
        return [form for part in self.parts for form in part.forms]

    def show_conflicts(self, conflicts) -> None:
        for conflict in conflicts:
            form = next(f for f in self.forms if conflict.change.field.startswith(f.prefix + "-"))
            form.show_conflict(conflict)

    def has_errors(self) -> bool:
        return any(form.errors for form in self.forms)
