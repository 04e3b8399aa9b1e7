"""How much of each module a participant has done: every prompt and every worksheet field counts.

A constant number of queries, whatever the size of the workbook."""

from collections import defaultdict
from dataclasses import dataclass

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
    "strategies": (StrategyChoice, strategies_progress),
    "roles": (RolesChecklist, roles_progress),
    "agreement": (MentorshipAgreement, agreement_progress),
    "stair_steps": (StairSteps, stair_steps_progress),
    "four_way_view": (FourWayView, four_way_view_progress),
}


def workbook_progress(enrollment) -> dict[int, Progress]:
    """Progress per module id for one participant."""
    progress = defaultdict(Progress)
    sections = list(Section.objects.active().filter(module__is_active=True, kind="worksheet"))
    _add_prompts(enrollment, progress)
    mine = {"enrollment": enrollment}
    single = {
        kind: {r.section_id: r for r in model.objects.filter(**mine)}
        for kind, (model, _) in SINGLE_RECORD_PROGRESS.items()
    }
    goals = defaultdict(list)
    for goal in SmartGoal.objects.filter(**mine):
        goals[goal.section_id].append(goal)
    ratings = _count_by_section(QuestionnaireRating.objects.filter(**mine))
    mapped = defaultdict(set)
    for entry in MentorMapEntry.objects.filter(**mine).exclude(name=""):
        mapped[entry.section_id].add(entry.category)
    items = _count_by_section(ListItem.objects.filter(**mine).exclude(text=""))
    for section in sections:
        kind, spec = section.worksheet_type, section.spec
        if kind in SINGLE_RECORD_PROGRESS:
            done, total = SINGLE_RECORD_PROGRESS[kind][1](section, single[kind].get(section.pk))
        elif kind == "smart_goals":
            fields = SmartGoal.FIELDS
            best = max(
                (_filled(*(getattr(g, f) for f in fields)) for g in goals[section.pk]), default=0
            )
            done, total = best, len(fields)
        elif kind == "questionnaire":
            done = ratings[section.pk]
            total = sum(len(stage["items"]) for stage in spec["stages"])
        elif kind == "mentor_map":
            done, total = len(mapped[section.pk]), len(spec["categories"])
        elif kind == "list":
            done, total = items[section.pk], spec.get("min_items", 1)
        else:
            continue  # grids are made of prompts, counted with them
        progress[section.module_id].add(done, total)
    return progress


def _add_prompts(enrollment, progress):
    prompts = Prompt.objects.active().filter(section__is_active=True)
    module_of = dict(prompts.values_list("pk", "section__module_id"))
    for module_id in module_of.values():
        progress[module_id].total += 1
    answered = (
        Answer.objects.filter(enrollment=enrollment, prompt_id__in=module_of.keys())
        .exclude(text="")
        .values_list("prompt_id", flat=True)
    )
    for prompt_id in answered:
        progress[module_of[prompt_id]].done += 1


def _count_by_section(queryset):
    counts = defaultdict(int)
    for section_id in queryset.values_list("section_id", flat=True):
        counts[section_id] += 1
    return counts
