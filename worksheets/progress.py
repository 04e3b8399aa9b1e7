"""How much of each module a participant has done: every prompt and every worksheet field counts,
except those of optional sections (further reading, an optional case): what is written there is
saved and printed like the rest, but leaving it out never lowers anyone's progress.

A constant number of queries, whatever the size of the workbook."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sessions_app.models import Prompt, Section

from . import kinds
from .models import Answer


@dataclass
class Progress:
    done: int = 0
    total: int = 0

    def add(self, done: int, total: int) -> None:
        self.done += min(done, total)
        self.total += total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


def section_progress(section, prompts, answers, records) -> Progress:
    """Progress of one section from what the module page has loaded: its prompts, the person's
    answers by prompt id, and their records of the section's worksheet kind."""
    progress = Progress()
    if prompts:
        progress.add(
            sum(1 for p in prompts if p.pk in answers and answers[p.pk].text), len(prompts)
        )
    kind = kinds.of(section)
    if kind and kind.progress:
        progress.add(*kind.progress(section, records))
    return progress


def workbook_progress(enrollment) -> dict[int, Progress]:
    """Progress per module id for one participant."""
    return cohort_progress([enrollment])[enrollment.pk]


@dataclass
class ParticipantProgress:
    modules: dict = field(default_factory=lambda: defaultdict(Progress))
    last_activity: datetime | None = None
    last_section_id: int | None = None  # where the person last wrote something

    def __getitem__(self, module_id):
        return self.modules[module_id]

    def values(self):
        return self.modules.values()

    def touch(self, moment, section_id=None):
        if moment and (self.last_activity is None or moment > self.last_activity):
            self.last_activity = moment
            self.last_section_id = section_id


def cohort_progress(enrollments) -> dict[int, ParticipantProgress]:
    """Progress per enrollment id and module id, in the same few queries for any cohort size."""
    ids = [e.pk for e in enrollments]
    result = {pk: ParticipantProgress() for pk in ids}
    mine = {"enrollment_id__in": ids}
    _add_prompts(mine, result)
    records = defaultdict(lambda: defaultdict(list))  # enrollment → section → records
    for kind in kinds.RECORD_KINDS:
        for record in kind.model.objects.filter(**mine):
            records[record.enrollment_id][record.section_id].append(record)
            result[record.enrollment_id].touch(record.updated_at, record.section_id)
    sections = list(
        Section.objects.active().filter(module__is_active=True, kind="worksheet", is_optional=False)
    )
    for pk in ids:
        for section in sections:
            kind = kinds.of(section)
            if kind and kind.progress:  # grids are made of prompts, counted with them
                done, total = kind.progress(section, records[pk][section.pk])
                result[pk][section.module_id].add(done, total)
    return result


def _add_prompts(mine, result):
    prompts = Prompt.objects.active().filter(
        section__is_active=True, section__module__is_active=True
    )
    placed = list(
        prompts.values_list("pk", "section_id", "section__module_id", "section__is_optional")
    )
    # Only required prompts count; an answer to any prompt still marks where the person was.
    module_of = {pk: module_id for pk, _, module_id, optional in placed if not optional}
    section_of = {pk: section_id for pk, section_id, _, _ in placed}
    totals = defaultdict(int)
    for module_id in module_of.values():
        totals[module_id] += 1
    for progress in result.values():
        for module_id, total in totals.items():
            progress[module_id].total += total
    answers = Answer.objects.filter(**mine).values_list(
        "enrollment_id", "prompt_id", "text", "updated_at"
    )
    for enrollment_id, prompt_id, text, updated_at in answers:
        result[enrollment_id].touch(updated_at, section_of.get(prompt_id))
        if text and prompt_id in module_of:
            result[enrollment_id][module_of[prompt_id]].done += 1
