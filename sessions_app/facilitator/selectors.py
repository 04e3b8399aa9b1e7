"""What the facilitator's pages read: one participant's shared work, and the cohort list's
figures, each in a constant number of queries."""

from django.shortcuts import get_object_or_404

from worksheets.pdf.context import workbook_context

from ..models import Enrollment


def shared_enrollment(cohort, enrollment_id) -> Enrollment:
    """A participant of the cohort who shares their answers with its facilitators, or 404."""
    return get_object_or_404(
        cohort.enrollments.participants().filter(shares_answers=True).select_related("user"),
        pk=enrollment_id,
    )


def shared_workbook(enrollment) -> list[dict]:
    """The sessions, modules and sections in which the participant writes, with what they
    wrote, as the personal PDF gathers it. Without the course's texts, the cohort's board posts
    and the charts (their figures are in the tables): only the person's own work."""
    sessions = []
    for session in workbook_context(enrollment)["sessions"]:
        modules = [
            {**module, "sections": [_work(s) for s in module["sections"] if _has_work(s)]}
            for module in session["modules"]
        ]
        sessions.append({**session, "modules": [m for m in modules if m["sections"]]})
    return [s for s in sessions if s["modules"]]


def _has_work(section) -> bool:
    return bool(section["questions"] or section.get("grid") or section.get("worksheet"))


def _work(section) -> dict:
    work = {k: section[k] for k in ("kind", "worksheet_type", "slug", "title", "questions")}
    work["grid"] = section.get("grid")
    work["not_complete"] = section.get("not_complete", [])
    if section.get("worksheet"):
        # The PDF's charts are images its renderer serves; the empty rows are for writing on.
        work["worksheet"] = {**section["worksheet"], "chart": None, "comparison": None, "slots": 0}
    return work
