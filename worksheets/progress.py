"""How much of each module a participant has done: every prompt and every worksheet field counts.

A constant number of queries, whatever the size of the workbook."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sessions_app.models import Prompt, Section

from .models import (
    Answer,
    FourWayView,
    ListItem,
    MentorMapEntry,
    MentorshipAgreement,
    QuestionnaireRating,
    RolesChecklist,
    SmartGoal,
    StairSteps,
    StrategyChoice,
)


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


def _filled(*values) -> int:
    return sum(1 for v in values if v not in (None, "", [], {}))


def strategies_progress(section, record):
    return (1 if record and (record.chosen or record.own) else 0), 1


def roles_progress(section, record):
    wanted = section.spec.get("priorities", 3)
    if record is None:
        return 0, 2
    return _filled(record.needed) + (1 if len(record.priorities) == wanted else 0), 2


def agreement_progress(section, record):
    parts = [p for p in section.spec.get("sections", []) if p["input"] != "none"]
    total = len(parts) + 4  # the two names and the two signatures
    if record is None:
        return 0, total
    texts = [record.fields.get(p["slug"]) for p in parts]
    names = (
        record.mentor_name,
        record.mentee_name,
        record.mentor_signature,
        record.mentee_signature,
    )
    return _filled(*texts, *names), total


def stair_steps_progress(section, record):
    required = [s["slug"].replace("-", "_") for s in section.spec["steps"] if s["required"]]
    done = _filled(*(getattr(record, name) for name in required)) if record else 0
    return done, len(required)


def four_way_view_progress(section, record):
    if record is None:
        return 0, 4
    columns = [
        [getattr(record, f"{m}_{row}") for row in rows]
        for m, rows in (
            ("importance", FourWayView.RATING_ROWS[:4]),
            ("focus", FourWayView.RATING_ROWS[:4]),
            ("satisfaction", FourWayView.RATING_ROWS),
            ("performance", FourWayView.RATING_ROWS),
        )
    ]
    return sum(1 for column in columns if None not in column), 4


SINGLE_RECORD_PROGRESS = {
    "strategies": strategies_progress,
    "roles": roles_progress,
    "agreement": agreement_progress,
    "stair_steps": stair_steps_progress,
    "four_way_view": four_way_view_progress,
}


def workbook_progress(enrollment) -> dict[int, Progress]:
    """Progress per module id for one participant."""
    return cohort_progress([enrollment])[enrollment.pk]


@dataclass
class ParticipantProgress:
    modules: dict = field(default_factory=lambda: defaultdict(Progress))
    last_activity: datetime | None = None

    def __getitem__(self, module_id):
        return self.modules[module_id]

    def values(self):
        return self.modules.values()

    def touch(self, moment):
        if moment and (self.last_activity is None or moment > self.last_activity):
            self.last_activity = moment


def cohort_progress(enrollments) -> dict[int, ParticipantProgress]:
    """Progress per enrollment id and module id, in the same few queries for any cohort size."""
    ids = [e.pk for e in enrollments]
    result = {pk: ParticipantProgress() for pk in ids}
    mine = {"enrollment_id__in": ids}
    _add_prompts(mine, result)
    records = defaultdict(lambda: defaultdict(list))  # enrollment → (kind, section) → records
    for kind, model in RECORD_MODELS.items():
        for record in model.objects.filter(**mine):
            records[record.enrollment_id][(kind, record.section_id)].append(record)
            result[record.enrollment_id].touch(record.updated_at)
    sections = list(Section.objects.active().filter(module__is_active=True, kind="worksheet"))
    for pk in ids:
        for section in sections:
            measured = _measure(section, records[pk])
            if measured:
                result[pk][section.module_id].add(*measured)
    return result


RECORD_MODELS = {
    "strategies": StrategyChoice,
    "roles": RolesChecklist,
    "agreement": MentorshipAgreement,
    "stair_steps": StairSteps,
    "four_way_view": FourWayView,
    "smart_goals": SmartGoal,
    "questionnaire": QuestionnaireRating,
    "mentor_map": MentorMapEntry,
    "list": ListItem,
}


def _measure(section, records):
    kind, spec = section.worksheet_type, section.spec
    mine = records.get((kind, section.pk), [])
    if kind in SINGLE_RECORD_PROGRESS:
        return SINGLE_RECORD_PROGRESS[kind](section, mine[0] if mine else None)
    if kind == "smart_goals":
        fields = SmartGoal.FIELDS
        best = max((_filled(*(getattr(g, f) for f in fields)) for g in mine), default=0)
        return best, len(fields)
    if kind == "questionnaire":
        return len(mine), sum(len(stage["items"]) for stage in spec["stages"])
    if kind == "mentor_map":
        return len({e.category for e in mine if e.name}), len(spec["categories"])
    if kind == "list":
        return len([i for i in mine if i.text]), spec.get("min_items", 1)
    return None  # grids are made of prompts, counted with them


def _add_prompts(mine, result):
    prompts = Prompt.objects.active().filter(
        section__is_active=True, section__module__is_active=True
    )
    module_of = dict(prompts.values_list("pk", "section__module_id"))
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
        result[enrollment_id].touch(updated_at)
        if text and prompt_id in module_of:
            result[enrollment_id][module_of[prompt_id]].done += 1
