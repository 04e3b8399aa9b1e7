"""followup sits above worksheets: when its app loads it adds its parts to worksheets'
registries, so worksheets imports nothing of it (docs/architecture.md)."""

from pathlib import Path

from worksheets import charts, demo, personal_data
from worksheets.mentor import services as mentor_services
from worksheets.pdf import context

from . import charts as drawings
from . import pdf
from .demo import seed_follow_up
from .personal_data import followup_data
from .services import mentor_rounds_delete

HERE = Path(__file__).resolve().parent
CHAPTER = context.Chapter(
    pdf.since_the_course,
    "followup/pdf/since_the_course.html",
    (HERE / "pdf.py", HERE / "charts.py"),
)


def _add_once(registry: list, entry) -> None:
    if entry not in registry:
        registry.append(entry)


def connect() -> None:
    charts.register("four_way_rounds", drawings.four_way_rounds_svg)
    charts.register("goal_timeline", drawings.goal_timeline_svg)
    personal_data.ENROLLMENT_PARTS["after_the_course"] = followup_data
    _add_once(context.CHAPTERS, CHAPTER)
    _add_once(demo.EXTRAS, seed_follow_up)
    _add_once(mentor_services.ANSWERS_ELSEWHERE, mentor_rounds_delete)
