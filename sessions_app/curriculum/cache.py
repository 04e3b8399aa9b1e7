"""The course (active modules in order, their sections and prompts), kept in each process.

The curriculum changes only when `load_curriculum` runs or someone edits it in the admin, yet
every module page and autosave read it again: three queries and some fifty model instances per
request. Each process keeps one copy of it, tagged with `CurriculumStamp`'s token, and checks
that token with one small query per request; any change to the curriculum gives a new token (see
signals.py), so no process ever serves an outdated course, whichever process made the change.
The copy is read-only: nothing may change the model instances it hands out.
"""

import threading
from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import CurriculumStamp, Module, Prompt, Section


@dataclass(frozen=True)
class Course:
    token: str
    modules: list[Module]  # in course order, each with .session
    sections: dict[int, list[Section]]  # by module pk, in order, prompts prefetched


_lock = threading.Lock()
_course: Course | None = None


def current_course() -> Course | None:
    """The course as stored now (one query when the copy is current); None without a stamp."""
    global _course
    token = CurriculumStamp.current()
    if token is None:
        return None
    course = _course
    if course is None or course.token != token:
        course = _load(token)
        with _lock:
            _course = course
    return course


def _load(token: str) -> Course:
    modules = list(Module.objects.in_course_order())
    sections = {module.pk: [] for module in modules}
    for section in _active_sections(Section.objects.filter(module__in=modules)):
        sections[section.module_id].append(section)
    for module in modules:
        module.course_token = token  # sections_of() then needs no second look at the stamp
    return Course(token=token, modules=modules, sections=sections)


def _active_sections(sections):
    """Active sections in module and course order, each with its active prompts in order."""
    prompts = Prompt.objects.active().order_by("position")
    return (
        sections.active()
        .order_by("module_id", "position")
        .prefetch_related(Prefetch("prompts", queryset=prompts))
    )


def course_in_order() -> list[tuple[Module, list[Section]]]:
    """Every active module in course order with its sections (from the copy when there is one)."""
    course = current_course() or _load(token="")
    return [(module, course.sections[module.pk]) for module in course.modules]


def course_module(slug: str) -> Module | None:
    """The active module with this slug (its session loaded), or None."""
    course = current_course()
    if course is None:
        return Module.objects.active().select_related("session").filter(slug=slug).first()
    return next((m for m in course.modules if m.slug == slug), None)


def sections_of(module: Module) -> list[Section]:
    """The module's active sections in order, each with its active prompts."""
    course = _course
    if course is not None and getattr(module, "course_token", None) == course.token:
        return course.sections[module.pk]
    return list(_active_sections(module.sections.all()))


def modules_in_order(module: Module) -> list[Module]:
    """All active modules in course order, from the same copy as `module` when it has one."""
    course = _course
    if course is not None and getattr(module, "course_token", None) == course.token:
        return course.modules
    return list(Module.objects.in_course_order())
