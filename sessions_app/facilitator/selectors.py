"""What the facilitator's pages read: one participant's shared work, and the cohort list's
figures, each in a constant number of queries."""

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from worksheets import kinds
from worksheets.models import Answer
from worksheets.pdf.context import workbook_context

from ..models import CohortSession, Enrollment


def cohort_overview(cohorts) -> list:
    """The cohorts with `participant_count`, their `next_session` (a CohortSession with its
    session, or None) and `last_activity` (the latest a participant wrote anything, or None).

    One query for the cohorts and their next sessions, one for those sessions' titles, and one
    per kind of record for the activity: the same number for one cohort or a hundred."""
    upcoming = CohortSession.objects.filter(
        cohort=OuterRef("pk"), starts_at__gte=timezone.now()
    ).order_by("starts_at", "session__number")
    participants = (
        Enrollment.objects.participants()
        .filter(cohort=OuterRef("pk"))
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cohorts = list(
        cohorts.annotate(
            participant_count=Coalesce(Subquery(participants, output_field=IntegerField()), 0),
            next_entry_id=Subquery(upcoming.values("pk")[:1]),
        )
    )
    entries = CohortSession.objects.select_related("session").in_bulk(
        [c.next_entry_id for c in cohorts if c.next_entry_id]
    )
    latest = _last_activity_by_cohort([c.pk for c in cohorts])
    for cohort in cohorts:
        cohort.next_session = entries.get(cohort.next_entry_id)
        cohort.last_activity = latest.get(cohort.pk)
    return cohorts


def _last_activity_by_cohort(cohort_ids) -> dict:
    """Cohort id → the latest moment one of its participants saved an answer or a worksheet."""
    latest = {}
    models = [Answer, *(kind.model for kind in kinds.RECORD_KINDS)]
    for model in models:
        rows = (
            model.objects.filter(
                enrollment__cohort_id__in=cohort_ids,
                enrollment__role=Enrollment.Role.PARTICIPANT,
                enrollment__removed_at__isnull=True,
            )
            .order_by()
            .values_list("enrollment__cohort_id")
            .annotate(last=Max("updated_at"))
        )
        for cohort_id, moment in rows:
            if moment and (cohort_id not in latest or moment > latest[cohort_id]):
                latest[cohort_id] = moment
    return latest


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
    if section["optional"]:  # an optional case shows only when the person wrote in it
        return any(question["answer"] for question in section["questions"])
    return bool(section["questions"] or section.get("grid") or section.get("worksheet"))


def _work(section) -> dict:
    work = {
        k: section[k] for k in ("kind", "optional", "worksheet_type", "slug", "title", "questions")
    }
    work["grid"] = section.get("grid")
    work["not_complete"] = section.get("not_complete", [])
    if section.get("worksheet"):
        # The PDF's charts are images its renderer serves; the empty rows are for writing on.
        work["worksheet"] = {**section["worksheet"], "chart": None, "comparison": None, "slots": 0}
    return work
