"""Attendance as the facilitator's grid shows it, and as rates for the report.

A session's attendance counts as taken once anyone of the cohort is marked present at it: from
then on a participant not marked present missed it."""

from dataclasses import dataclass

from sessions_app.models import Enrollment, Session

from .models import Attendance


def course_sessions() -> list[Session]:
    return list(Session.objects.active().filter(kind=Session.Kind.SESSION).order_by("number"))


@dataclass(frozen=True)
class Cell:
    enrollment_id: int
    session_id: int
    attended: bool
    session_title: str = ""

    @property
    def name(self) -> str:
        return f"a-{self.enrollment_id}-{self.session_id}"


def attendance_grid(cohort, sessions: list[Session]) -> list[dict]:
    """One row per active participant: their enrollment and a cell per session."""
    participants = list(
        Enrollment.objects.participants().filter(cohort=cohort).select_related("user")
    )
    present = set(
        Attendance.objects.filter(enrollment__cohort=cohort, attended=True).values_list(
            "enrollment_id", "session_id"
        )
    )
    return [
        {
            "enrollment": enrollment,
            "cells": [
                Cell(enrollment.pk, s.pk, (enrollment.pk, s.pk) in present, s.title)
                for s in sessions
            ],
        }
        for enrollment in sorted(participants, key=lambda e: e.user.display_name or e.user.email)
    ]


def posted_marks(data, rows) -> dict[tuple[int, int], bool]:
    """The cells whose state differs from what the page showed (hidden `shown-a-…`): only those
    are written, so two facilitators marking at once do not undo each other's marks."""
    marks = {}
    for row in rows:
        for cell in row["cells"]:
            shown = data.get(f"shown-{cell.name}")
            if shown not in ("0", "1"):
                continue  # a cell the page did not show
            checked = data.get(cell.name) == "1"
            if checked != (shown == "1"):
                marks[(cell.enrollment_id, cell.session_id)] = checked
    return marks


def taken_sessions(cohort) -> set[int]:
    return set(
        Attendance.objects.filter(enrollment__cohort=cohort, attended=True).values_list(
            "session_id", flat=True
        )
    )
