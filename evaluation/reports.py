"""The evaluation report of a group (one cohort, or every cohort), and its tidy CSV.

Only submitted responses count. An item asked before and after is reported as the paired change
of the people who answered both; a construct's score for a person at a wave is the mean of their
answers to its paired items at that wave. Nothing is shown for fewer than five answers
(stats.MIN_GROUP), and the CSV leaves out a wave with fewer than five responses. The mentors'
answers to the mentor version are never mixed into the participants' figures; they are in the
CSV, marked as a mentor's."""

import hashlib
import hmac
from collections import defaultdict

from django.conf import settings

from sessions_app.models import Cohort, Enrollment

from . import stats
from .attendance import course_sessions
from .completion import standings_across
from .models import Attendance, Certificate, Item, SurveyAnswer, SurveyResponse, Wave

CSV_COLUMNS = [
    "respondent",
    "respondent_role",
    "participant",
    "cohort",
    "instrument",
    "wave",
    "construct",
    "item",
    "item_kind",
    "scale_min",
    "scale_max",
    "value",
    "submitted_on",
]


def respondent_id(enrollment_id: int) -> str:
    """A pseudonym, the same in every export (so waves pair up), that names nobody."""
    return _pseudonym("R", f"enrollment:{enrollment_id}")


def mentor_respondent_id(link_id: int) -> str:
    return _pseudonym("M", f"mentor-link:{link_id}")


def _pseudonym(prefix: str, what: str) -> str:
    key = f"{settings.SECRET_KEY}:evaluation-respondent".encode()
    return prefix + hmac.new(key, what.encode(), hashlib.sha256).hexdigest()[:10]


def _submitted(enrollment_ids, instrument, *, mentors=False):
    """The submitted answers of these participants (or, with `mentors`, of their mentors)."""
    return SurveyAnswer.objects.filter(
        response__enrollment_id__in=enrollment_ids,
        response__instrument=instrument,
        response__submitted_at__isnull=False,
        response__mentor_link__isnull=not mentors,
    )


def _numbers(enrollment_ids, instrument) -> dict:
    """{(wave, item id): {enrollment id: number}} of the submitted numeric answers."""
    values = defaultdict(dict)
    rows = _submitted(enrollment_ids, instrument).filter(number__isnull=False)
    for wave, item_id, enrollment_id, number in rows.values_list(
        "response__wave", "item_id", "response__enrollment_id", "number"
    ):
        values[(wave, item_id)][enrollment_id] = number
    return values


def _pairs(values, item_ids) -> list[tuple[float, float]]:
    """Per person, the mean of these items before and the mean after (both needed)."""
    before, after = defaultdict(list), defaultdict(list)
    for item_id in item_ids:
        for person, number in values.get((Wave.PRE, item_id), {}).items():
            before[person].append(number)
        for person, number in values.get((Wave.POST, item_id), {}).items():
            after[person].append(number)
    people = sorted(set(before) & set(after))
    return [(_mean(before[p]), _mean(after[p])) for p in people]


def _mean(values):
    return sum(values) / len(values)


def _is_paired(item: Item) -> bool:
    return item.is_numeric and {Wave.PRE, Wave.POST} <= set(item.wave_list)


def survey_report(enrollment_ids, instrument) -> dict:
    items = list(Item.objects.active().filter(instrument=instrument).in_order())
    values = _numbers(enrollment_ids, instrument)
    paired = [i for i in items if _is_paired(i)]
    post_only = [i for i in items if i.is_numeric and i.wave_list == [Wave.POST]]
    constructs = {}
    for item in paired:
        constructs.setdefault(item.construct, []).append(item.pk)
    scale_ends = [(i.scale_min, i.scale_max) for i in paired if i.kind == Item.Kind.SCALE]
    return {
        "min_group": stats.MIN_GROUP,
        "scale": (min(e[0] for e in scale_ends), max(e[1] for e in scale_ends))
        if scale_ends
        else (0, 1),
        "responses": _response_counts(enrollment_ids, instrument),
        "items": [
            {"item": i, "change": stats.paired_change(_pairs(values, [i.pk]), i.scale_points)}
            for i in paired
        ],
        "constructs": [
            {"construct": c, "change": stats.paired_change(_pairs(values, ids))}
            for c, ids in constructs.items()
        ],
        "post_only": [{"item": i, "summary": _post_summary(values, i)} for i in post_only],
        "choices": [
            _choice_counts(enrollment_ids, instrument, i) for i in items if i.kind == "choice"
        ],
        "mentors": _mentor_view(enrollment_ids, instrument, values, items),
    }


def _mentor_view(enrollment_ids, instrument, values, items) -> list[dict]:
    """Items with a mentor version: the mentors' answers beside the participants', per wave
    (not paired: a participant may have several mentors, or none who answered)."""
    asked = [i for i in items if i.mentor_text and i.is_numeric]
    if not asked:
        return []
    by_mentors = defaultdict(list)
    rows = _submitted(enrollment_ids, instrument, mentors=True).filter(number__isnull=False)
    for wave, item_id, number in rows.values_list("response__wave", "item_id", "number"):
        by_mentors[(wave, item_id)].append(number)
    return [
        {
            "item": item,
            "waves": [
                {
                    "wave": Wave(wave).label,
                    "participants": stats.summarise(
                        list(values.get((wave, item.pk), {}).values()), item.scale_points
                    ),
                    "mentors": stats.summarise(by_mentors[(wave, item.pk)], item.scale_points),
                }
                for wave in item.wave_list
                if wave != Wave.FOLLOW_UP or by_mentors[(wave, item.pk)]
            ],
        }
        for item in asked
    ]


def _post_summary(values, item):
    numbers = list(values.get((Wave.POST, item.pk), {}).values())
    return stats.summarise(numbers, item.scale_points)


def _choice_counts(enrollment_ids, instrument, item) -> dict:
    chosen = list(_submitted(enrollment_ids, instrument).filter(item=item).exclude(text=""))
    counts = defaultdict(int)
    for answer in chosen:
        counts[answer.text] += 1
    shown = stats.enough(len(chosen))
    return {
        "item": item,
        "n": len(chosen),
        "counts": [(c["label"], counts[c["slug"]]) for c in item.choices] if shown else None,
    }


def _response_counts(enrollment_ids, instrument) -> dict[str, int]:
    submitted = SurveyResponse.objects.of_participants().filter(
        enrollment_id__in=enrollment_ids, instrument=instrument, submitted_at__isnull=False
    )
    counts = defaultdict(int)
    for wave in submitted.values_list("wave", flat=True):
        counts[wave] += 1
    return {wave: counts[wave] for wave in Wave.values}


def participation(cohort: Cohort) -> dict:
    """Attendance per session and completion, as rates (none for a group under five)."""
    return participation_across([cohort])[cohort.pk]


def participation_across(cohorts) -> dict[int, dict]:
    """`participation` of each cohort, in the same few queries however many cohorts."""
    enrollments = list(
        Enrollment.objects.participants().filter(cohort__in=cohorts).select_related("user")
    )
    present = defaultdict(int)  # (cohort id, session id) → people marked present
    marks = Attendance.objects.filter(enrollment__in=enrollments, attended=True)
    for cohort_id, session_id in marks.values_list("enrollment__cohort_id", "session_id"):
        present[(cohort_id, session_id)] += 1
    sessions = course_sessions()
    eligible, people = defaultdict(int), defaultdict(int)
    for standing in standings_across(enrollments).values():
        people[standing.enrollment.cohort_id] += 1
        eligible[standing.enrollment.cohort_id] += standing.eligible
    certificates = defaultdict(int)
    issued = Certificate.objects.valid().filter(enrollment__in=enrollments)
    for cohort_id in issued.values_list("enrollment__cohort_id", flat=True):
        certificates[cohort_id] += 1
    return {
        cohort.pk: _participation(
            people[cohort.pk],
            {s: present[(cohort.pk, s.pk)] for s in sessions if present[(cohort.pk, s.pk)]},
            eligible[cohort.pk],
            certificates[cohort.pk],
        )
        for cohort in cohorts
    }


def _participation(n, present: dict, eligible: int, certificates: int) -> dict:
    taken = n * len(present)  # the sessions whose attendance was taken
    return {
        "participants": n,
        "sessions": [{"session": s, "rate": stats.rate(count, n)} for s, count in present.items()],
        "attendance_rate": stats.rate(sum(present.values()), taken) if present else None,
        "completion_rate": stats.rate(eligible, n),
        "certificates": certificates if stats.enough(n) else None,
    }


def csv_rows(enrollment_ids, instrument):
    """One row per submitted answer (CSV_COLUMNS), the participants' and their mentors'; a
    wave with fewer than five responses (of participants, or of mentors) is left out. The
    respondent is a pseudonym, the cohort its number."""
    responses = SurveyResponse.objects.filter(
        enrollment_id__in=enrollment_ids, instrument=instrument, submitted_at__isnull=False
    )
    counts = defaultdict(int)
    for wave, link_id in responses.values_list("wave", "mentor_link_id"):
        counts[(wave, link_id is not None)] += 1
    for (wave, by_mentor), n in sorted(counts.items()):
        if stats.enough(n):
            yield from _csv_wave(responses.filter(wave=wave, mentor_link__isnull=not by_mentor))


def _csv_wave(responses):
    answers = (
        SurveyAnswer.objects.filter(response__in=responses)
        .select_related("item__construct", "response__enrollment", "response__instrument")
        .order_by(
            "response__enrollment_id",
            "response__mentor_link_id",
            "item__construct__position",
            "item__position",
        )
    )
    for answer in answers:
        if not answer.is_blank:
            yield _csv_row(answer)


def _csv_row(answer) -> list:
    item, response = answer.item, answer.response
    participant = respondent_id(response.enrollment_id)
    by_mentor = response.mentor_link_id is not None
    return [
        mentor_respondent_id(response.mentor_link_id) if by_mentor else participant,
        "mentor" if by_mentor else "participant",
        participant,
        response.enrollment.cohort_id,
        response.instrument.slug,
        response.wave,
        item.construct.slug,
        item.slug,
        item.kind,
        "" if item.scale_min is None else item.scale_min,
        "" if item.scale_max is None else item.scale_max,
        answer.number if answer.number is not None else answer.text,
        response.submitted_at.date().isoformat(),
    ]


def cohort_rows(cohorts, instrument) -> list[dict]:
    """One row per cohort for the staff's report across cohorts, in a few queries for all."""
    participation = participation_across(cohorts)
    ids = defaultdict(list)
    rows = Enrollment.objects.participants().filter(cohort__in=cohorts)
    for cohort_id, pk in rows.values_list("cohort_id", "pk"):
        ids[cohort_id].append(pk)
    values = (
        _numbers([pk for group in ids.values() for pk in group], instrument) if instrument else {}
    )
    paired = _paired_ids(instrument) if instrument else []
    counts = _response_counts_by_cohort(cohorts, instrument) if instrument else {}
    return [
        {
            "cohort": cohort,
            "participation": participation[cohort.pk],
            "responses": counts.get(cohort.pk) or dict.fromkeys(Wave.values, 0),
            "paired": len(_pairs(_only(values, set(ids[cohort.pk])), paired)),
        }
        for cohort in cohorts
    ]


def _only(values: dict, people: set) -> dict:
    return {
        key: {p: v for p, v in answers.items() if p in people} for key, answers in values.items()
    }


def _response_counts_by_cohort(cohorts, instrument) -> dict[int, dict[str, int]]:
    submitted = SurveyResponse.objects.of_participants().filter(
        enrollment__cohort__in=cohorts, instrument=instrument, submitted_at__isnull=False
    )
    counts = defaultdict(lambda: dict.fromkeys(Wave.values, 0))
    for cohort_id, wave in submitted.values_list("enrollment__cohort_id", "wave"):
        counts[cohort_id][wave] += 1
    return counts


def _paired_ids(instrument) -> list[int]:
    items = Item.objects.active().filter(instrument=instrument)
    return [item.pk for item in items if _is_paired(item)]
