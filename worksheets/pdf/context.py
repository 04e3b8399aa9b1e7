"""Everything the workbook PDF shows, gathered in a constant number of queries before rendering.

The result is plain data (dicts, lists, strings, numbers): the template needs no database and
no logic beyond loops and conditions."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator

from sessions_app.boards.selectors import board_posts_for_pdf
from sessions_app.curriculum.cache import course_in_order

from .. import kinds
from ..mentor.services import agreement_comments, expectations_comparison, mentor_links_of
from ..models import Answer


@dataclass(frozen=True)
class Chapter:
    """A chapter another part adds after the modules (followup: "Since the course"); it
    registers itself here when its app loads, so worksheets imports nothing of it."""

    build: Callable  # enrollment -> plain data for the template (with "title", "anchor"), or None
    template: str
    files: tuple[Path, ...] = ()  # the Python files that draw it, for the PDF's fingerprint


CHAPTERS: list[Chapter] = []


def _chapters(enrollment) -> list[dict]:
    if enrollment is None:
        return []
    built = [(chapter, chapter.build(enrollment)) for chapter in CHAPTERS]
    return [{**data, "template": chapter.template} for chapter, data in built if data]


class Records:
    """One participant's saved work, fetched once (one query per worksheet kind), looked up by
    section."""

    def __init__(self, enrollment):
        self.enrollment = enrollment
        if enrollment is None:  # the blank workbook
            self.answers, self.by_section = {}, {}
            self.comparison = None
            self.mentor_comments = {}
            self.boards = {}
            return
        links = mentor_links_of(enrollment)
        self.comparison = _comparison(enrollment, links)
        self.mentor_comments = agreement_comments(enrollment, links)
        self.boards = {b["section_id"]: b for b in board_posts_for_pdf(enrollment) if b["posts"]}
        self.answers = {a.prompt_id: a.text for a in Answer.objects.filter(enrollment=enrollment)}
        self.by_section = kinds.records_by_section({"enrollment": enrollment})

    def one(self, model, section):
        """The section's one record (strategies, roles, agreement, stair steps, four-way view)."""
        return next(iter(self.all(model, section)), None)

    def all(self, model, section):
        return [r for r in self.by_section.get(section.pk, []) if isinstance(r, model)]


def _comparison(enrollment, links):
    """The participant's questionnaire next to the mentor they chose to compare with (by default
    the agreement's mentor), as plain data; the mentor is always named."""
    comparison = expectations_comparison(
        enrollment, id_prefix="pdf-comparison", statements=False, links=links
    )
    if comparison is None:
        return None
    return {
        "mentor": comparison["link"].mentor_name,
        "gaps": comparison["gaps"],
        "threshold": comparison["threshold"],
        "chart": comparison["chart"],
    }


def workbook_context(enrollment=None, *, blank=False) -> dict:
    """The PDF's data for one participant, or for the blank printable workbook."""
    records = Records(None if blank else enrollment)
    person = "" if blank or enrollment is None else str(enrollment.user)
    full = full_case_studies(blank)
    sessions = []
    for module, sections in course_in_order():
        if not sessions or sessions[-1]["title"] != module.session.title:
            sessions.append({"title": module.session.title, "modules": []})
        sessions[-1]["modules"].append(_module(module, sections, records, person, full))
    return {
        "blank": blank,
        "full_case_studies": full,
        "participant": person,
        "email": "" if blank or enrollment is None else enrollment.user.email,
        "cohort": "" if blank or enrollment is None else enrollment.cohort.name,
        "generated_at": timezone.localtime(),
        "sessions": sessions,
        "chapters": _chapters(None if blank else enrollment),
    }


def full_case_studies(blank: bool) -> bool:
    """Whether the case studies print in full: always on paper (the blank workbook, where the
    group reads the case together), and in a personal workbook unless PDF_FULL_CASE_STUDIES is
    off. It is part of the context, so a change of setting makes stored copies stale."""
    return blank or getattr(settings, "PDF_FULL_CASE_STUDIES", True)


def _module(module, sections, records, person, full):
    return {
        "title": module.title,
        "slug": module.slug,
        "session": module.session.title,
        "intro": module.intro,
        "objectives": module.objectives,
        "sections": [_section(section, records, person, full) for section in sections],
    }


def _printed_text(section, full: bool) -> str:
    """The text the section prints under its heading: a case study in full or as its summary
    (the first seventy words when it has none), any other section its body."""
    if section.kind != "case_study" or full:
        return section.body
    return section.summary or Truncator(section.body).words(70)


def split_opening(text: str) -> tuple[str, str]:
    """The first paragraph, which is kept on the page of the heading above it, and the rest."""
    opening, _, more = text.strip().partition("\n\n")
    return opening, more.strip()


def _section(section, records, person, full):
    prompts = list(section.prompts.all())
    opening, more = split_opening(_printed_text(section, full))
    doc = {
        "kind": section.kind,
        "optional": section.is_optional,
        "worksheet_type": section.worksheet_type,
        "slug": section.slug,
        "title": section.title,
        "summary": section.summary,
        "body": section.body,
        "opening": opening,
        "more": more,
        "spec": section.spec,
        "questions": [
            {"text": p.text, "answer": records.answers.get(p.pk, "")}
            for p in prompts
            if not p.in_grid
        ],
    }
    if section.pk in records.boards:
        doc["cohort_said"] = records.boards[section.pk]["posts"]
    if section.worksheet_type == "grid":
        doc["grid"] = _grid(section, prompts, records)
    kind = kinds.of(section)
    if kind and kind.pdf:
        doc["worksheet"] = kind.pdf(section, records, person)
        notes = kind.notes_of(section, records.by_section.get(section.pk, []))
        doc["not_complete"] = [note for messages in notes.values() for note in messages]
    return doc


def _grid(section, prompts, records):
    cells = {(p.row_label, p.column_label): records.answers.get(p.pk, "") for p in prompts}
    columns = [c["label"] for c in section.spec["columns"]]
    return {
        "row_header": section.spec.get("row_header", ""),
        "columns": columns,
        "rows": [
            {"label": row["label"], "cells": [cells.get((row["label"], c), "") for c in columns]}
            for row in section.spec["rows"]
        ],
    }
