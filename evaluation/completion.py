"""Who meets the cohort's completion rule: sessions attended, modules complete, post-survey
submitted. The same few queries for a whole cohort."""

from dataclasses import dataclass

from sessions_app.models import Module
from worksheets.progress import cohort_progress

from .attendance import course_sessions
from .models import Attendance, CompletionRule, SurveyResponse, Wave
from .selectors import current_instrument


def completion_rule(cohort) -> CompletionRule:
    """The cohort's rule, or the default one (not stored until a facilitator changes it)."""
    return CompletionRule.objects.filter(cohort=cohort).first() or CompletionRule(cohort=cohort)


@dataclass(frozen=True)
class Standing:
    enrollment: object
    rule: CompletionRule
    attended: int
    modules_done: int
    modules_total: int
    post_survey_done: bool

    @property
    def missing(self) -> list[str]:
        """What the participant still lacks, in words; empty when they meet the rule."""
        missing = []
        if self.attended < self.rule.sessions_attended:
            missing.append(f"attended {self.attended} of {self.rule.sessions_attended} sessions")
        if self.rule.modules_complete and self.modules_done < self.modules_total:
            missing.append(f"{self.modules_done} of {self.modules_total} modules complete")
        if self.rule.post_survey_done and not self.post_survey_done:
            missing.append("the survey after the course not sent")
        if not self.enrollment.user.display_name.strip():
            missing.append("no name on the account (a certificate prints a name, never an address)")
        return missing

    @property
    def eligible(self) -> bool:
        return not self.missing


def standings(cohort, enrollments) -> dict[int, Standing]:
    return standings_across(enrollments, rules={cohort.pk: completion_rule(cohort)})


def standings_across(enrollments, *, rules: dict | None = None) -> dict[int, Standing]:
    """The standing of participants of any cohorts, in the same few queries for all."""
    if rules is None:
        cohort_ids = {e.cohort_id for e in enrollments}
        rules = {r.cohort_id: r for r in CompletionRule.objects.filter(cohort_id__in=cohort_ids)}
    rule_of = {
        e.pk: rules.get(e.cohort_id) or CompletionRule(cohort_id=e.cohort_id) for e in enrollments
    }
    ids = [e.pk for e in enrollments]
    attended = _attended(ids)
    post_done = _post_survey_done(ids)
    modules = [m.pk for m in Module.objects.active()]
    needing = [e for e in enrollments if rule_of[e.pk].modules_complete]
    progress = cohort_progress(needing) if needing else {}
    result = {}
    for enrollment in enrollments:
        mine = progress.get(enrollment.pk)
        done = sum(1 for m in modules if mine and _module_done(mine[m])) if mine else 0
        result[enrollment.pk] = Standing(
            enrollment=enrollment,
            rule=rule_of[enrollment.pk],
            attended=attended.get(enrollment.pk, 0),
            modules_done=done,
            modules_total=len(modules),
            post_survey_done=enrollment.pk in post_done,
        )
    return result


def standing_of(enrollment) -> Standing:
    return standings(enrollment.cohort, [enrollment])[enrollment.pk]


def _module_done(progress) -> bool:
    return progress.total == 0 or progress.complete


def _attended(ids) -> dict[int, int]:
    sessions = [s.pk for s in course_sessions()]
    counts: dict[int, int] = {}
    marks = Attendance.objects.filter(enrollment_id__in=ids, session_id__in=sessions, attended=True)
    for enrollment_id in marks.values_list("enrollment_id", flat=True):
        counts[enrollment_id] = counts.get(enrollment_id, 0) + 1
    return counts


def _post_survey_done(ids) -> set[int]:
    instrument = current_instrument()
    return set(
        SurveyResponse.objects.of_participants()
        .filter(
            enrollment_id__in=ids,
            instrument=instrument,
            wave=Wave.POST,
            submitted_at__isnull=False,
        )
        .values_list("enrollment_id", flat=True)
    )
