"""The evaluation report: the statistics against values worked out by hand, nothing shown for a
group under five, the tidy CSV's columns and pseudonyms."""

import csv
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Item, SurveyAnswer, SurveyResponse
from evaluation.reports import CSV_COLUMNS, mentor_respondent_id, respondent_id, survey_report
from evaluation.stats import paired_change, summarise
from worksheets.mentor.services import mentor_link_create

from .factories import CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

# Five people, two items of one construct, before and after.
PEER_PRE, PEER_POST = [2, 3, 1, 4, 2], [4, 3, 4, 5, 3]
OWN_PRE, OWN_POST = [3, 3, 3, 3, 3], [4, 4, 4, 4, 5]
SATISFIED = [5, 4, 4, 3, 5]


def test_the_paired_change_worked_out_by_hand():
    change = paired_change(list(zip(PEER_PRE, PEER_POST, strict=True)), [1, 2, 3, 4, 5])
    # Changes 2, 0, 3, 1, 1: mean 7/5; median 1; squared deviations from 1.4 add up to
    # 0.36 + 1.96 + 2.56 + 0.16 + 0.16 = 5.2, so SD = sqrt(5.2 / 4); d = 1.4 / SD.
    assert change.n == 5
    assert change.mean_change == pytest.approx(1.4)
    assert change.median_change == 1
    assert change.sd_change == pytest.approx(math.sqrt(1.3))
    assert change.effect_size == pytest.approx(1.4 / math.sqrt(1.3))
    assert (change.fell, change.same, change.rose) == (0, 1, 4)
    # Before: 2, 3, 1, 4, 2: mean 2.4, median 2, SD sqrt(5.2 / 4); after: mean 3.8, median 4,
    # squared deviations 0.04 + 0.64 + 0.04 + 1.44 + 0.64 = 2.8, SD sqrt(2.8 / 4).
    assert (change.pre.mean, change.pre.median) == (pytest.approx(2.4), 2)
    assert change.pre.sd == pytest.approx(math.sqrt(1.3))
    assert (change.post.mean, change.post.median) == (pytest.approx(3.8), 4)
    assert change.post.sd == pytest.approx(math.sqrt(0.7))
    assert change.pre.distribution == ((1, 1), (2, 2), (3, 1), (4, 1), (5, 0))
    assert change.post.distribution == ((1, 0), (2, 0), (3, 2), (4, 2), (5, 1))


def test_no_change_at_all_has_no_effect_size():
    change = paired_change([(3, 4)] * 5)
    assert change.sd_change == 0
    assert change.effect_size is None


def test_nothing_is_summarised_under_five():
    assert paired_change([(1, 2)] * 4) is None
    assert summarise([1, 2, 3, 4]) is None
    assert summarise([1, 2, 3, 4, 5]).n == 5


def respond(enrollment, instrument, wave, numbers: dict, texts: dict | None = None):
    response = SurveyResponse.objects.create(
        enrollment=enrollment, instrument=instrument, wave=wave, submitted_at=timezone.now()
    )
    items = {i.slug: i for i in Item.objects.filter(instrument=instrument)}
    for slug, number in numbers.items():
        SurveyAnswer.objects.create(response=response, item=items[slug], number=number)
    for slug, text in (texts or {}).items():
        SurveyAnswer.objects.create(response=response, item=items[slug], text=text)
    return response


def answered_cohort(instrument, people=5):
    cohort = CohortFactory()
    enrollments = [
        EnrollmentFactory(cohort=cohort, user=UserFactory(display_name=f"Dr. Person {n}"))
        for n in range(people)
    ]
    for n, enrollment in enumerate(enrollments):
        pre = {"intro-peer-network": PEER_PRE[n], "intro-own-part": OWN_PRE[n]}
        post = {"intro-peer-network": PEER_POST[n], "intro-own-part": OWN_POST[n]}
        respond(enrollment, instrument, "pre", pre)
        respond(
            enrollment,
            instrument,
            "post",
            {**post, "satisfaction-session-1": SATISFIED[n]},
            {"satisfaction-format": "peers" if n % 2 else "worksheets"},
        )
    return cohort, enrollments


def rows_of(report, key, slug):
    name = "construct" if key == "constructs" else "item"
    return next(row for row in report[key] if getattr(row[name], "slug", None) == slug)


def test_the_report_per_item_and_per_construct(survey):
    _cohort, enrollments = answered_cohort(survey)
    report = survey_report([e.pk for e in enrollments], survey)
    assert report["responses"] == {"pre": 5, "post": 5, "follow_up": 0}
    own = rows_of(report, "items", "intro-own-part")["change"]
    # Changes 1, 1, 1, 1, 2: mean 1.2, squared deviations 4 * 0.04 + 0.64 = 0.8.
    assert own.mean_change == pytest.approx(1.2)
    assert own.sd_change == pytest.approx(math.sqrt(0.2))
    assert own.effect_size == pytest.approx(1.2 / math.sqrt(0.2))
    assert rows_of(report, "items", "intro-active-role")["change"] is None  # nobody answered
    construct = rows_of(report, "constructs", "confidence-mentoring-up")["change"]
    # Each person's score is the mean of their two items: before 2.5, 3, 2, 3.5, 2.5 and
    # after 4, 3.5, 4, 4.5, 4; changes 1.5, 0.5, 2, 1, 1.5: mean 1.3, median 1.5, squared
    # deviations 0.04 + 0.64 + 0.49 + 0.09 + 0.04 = 1.3.
    assert construct.n == 5
    assert construct.pre.mean == pytest.approx(2.7)
    assert construct.post.mean == pytest.approx(4.0)
    assert construct.mean_change == pytest.approx(1.3)
    assert construct.median_change == pytest.approx(1.5)
    assert construct.sd_change == pytest.approx(math.sqrt(1.3 / 4))
    assert construct.effect_size == pytest.approx(1.3 / math.sqrt(1.3 / 4))
    satisfaction = rows_of(report, "post_only", "satisfaction-session-1")["summary"]
    assert (satisfaction.n, satisfaction.mean, satisfaction.median) == (5, pytest.approx(4.2), 4)
    assert satisfaction.sd == pytest.approx(math.sqrt(0.7))
    choice = next(row for row in report["choices"] if row["item"].slug == "satisfaction-format")
    assert dict(choice["counts"])["Hearing from the other postdocs"] == 2
    assert dict(choice["counts"])["Working through the worksheets"] == 3


def test_the_report_page_shows_the_change_and_hides_what_has_under_five(client, survey):
    cohort, enrollments = answered_cohort(survey)
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    elsewhere = EnrollmentFactory()  # another cohort's answers never enter this report
    respond(elsewhere, survey, "pre", {"intro-peer-network": 5, "intro-own-part": 5})
    respond(elsewhere, survey, "post", {"intro-peer-network": 1, "intro-own-part": 1})
    client.force_login(facilitator.user)
    page = client.get(reverse("evaluation:report", args=[cohort.pk])).content.decode()
    assert "+1.30" in page  # the construct's mean change
    assert "2.28" in page  # its effect size: 1.3 / sqrt(0.325)
    assert "Dr. Person" not in page
    assert "<svg" in page
    assert "2.70 before, 4.00 after" in page  # the chart spells its data out
    SurveyResponse.objects.filter(enrollment=enrollments[0]).delete()
    page = client.get(reverse("evaluation:report", args=[cohort.pk])).content.decode()
    assert "+1.30" not in page
    assert "<svg" not in page  # no construct to draw
    assert "fewer than 5 people answered before and after" in page
    assert "fewer than 5 answers" in page  # satisfaction, now with four


def test_the_csv_has_one_row_per_answer_with_pseudonyms_and_no_names(client, survey):
    cohort, enrollments = answered_cohort(survey)
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    client.force_login(facilitator.user)
    response = client.get(reverse("evaluation:report_csv", args=[cohort.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_COLUMNS
    assert rows[0] == [
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
    body = rows[1:]
    assert len(body) == 5 * 2 + 5 * 4  # two answers before, four after, per person
    text = response.content.decode()
    for enrollment in enrollments:
        assert enrollment.user.email not in text
        assert enrollment.user.display_name not in text
    first = respondent_id(enrollments[0].pk)
    assert {row[5] for row in body if row[0] == first} == {"pre", "post"}
    assert len({row[0] for row in body}) == 5
    peer = next(r for r in body if r[0] == first and r[5] == "pre" and r[7] == "intro-peer-network")
    assert peer == [
        first,
        "participant",
        first,
        str(cohort.pk),
        "mentoring-up-evaluation",
        "pre",
        "confidence-mentoring-up",
        "intro-peer-network",
        "scale",
        "1",
        "5",
        str(PEER_PRE[0]),
        timezone.now().date().isoformat(),
    ]
    assert sorted({r[11] for r in body if r[8] == "choice"}) == ["peers", "worksheets"]


def test_the_csv_marks_the_mentors_answers_and_pairs_them_with_their_participant(client, survey):
    cohort, enrollments = answered_cohort(survey)
    links = []
    for enrollment in enrollments:
        link, _url = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Park")
        response = SurveyResponse.objects.create(
            enrollment=enrollment,
            mentor_link=link,
            instrument=survey,
            wave="pre",
            submitted_at=timezone.now(),
        )
        item = Item.objects.get(instrument=survey, slug="intro-own-part")
        SurveyAnswer.objects.create(response=response, item=item, number=1)
        links.append(link)
    report = survey_report([e.pk for e in enrollments], survey)
    assert report["responses"]["pre"] == 5  # the mentors are not participants
    own = rows_of(report, "items", "intro-own-part")["change"]
    assert own.pre.mean == pytest.approx(3.0)  # no mentor's 1 mixed in
    beside = next(row for row in report["mentors"] if row["item"].slug == "intro-own-part")
    before = beside["waves"][0]
    assert before["wave"] == "Before the course"
    assert (before["mentors"].n, before["mentors"].mean) == (5, 1)
    assert before["participants"].mean == pytest.approx(3.0)
    assert beside["waves"][1]["mentors"] is None  # no mentor answered after
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    client.force_login(facilitator.user)
    body = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("evaluation:report_csv", args=[cohort.pk])).content.decode()
            )
        )
    )[1:]
    by_mentors = [r for r in body if r[1] == "mentor"]
    assert len(by_mentors) == 5
    assert {r[2] for r in by_mentors} == {respondent_id(e.pk) for e in enrollments}
    assert {r[0] for r in by_mentors} == {mentor_respondent_id(link.pk) for link in links}
    assert all(r[0].startswith("M") for r in by_mentors)


def test_the_csv_leaves_out_a_wave_with_fewer_than_five_responses(client, survey):
    cohort, _ = answered_cohort(survey, people=4)
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    client.force_login(facilitator.user)
    response = client.get(reverse("evaluation:report_csv", args=[cohort.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [CSV_COLUMNS]


def test_staff_see_every_cohort_pooled_and_each_cohort_apart(client, survey):
    first, _ = answered_cohort(survey, people=3)
    second, _ = answered_cohort(survey, people=3)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("evaluation:report_all"))
    assert response.status_code == 200
    report = response.context["report"]
    construct = rows_of(report, "constructs", "confidence-mentoring-up")["change"]
    assert construct.n == 6  # three and three: each cohort alone would show nothing
    page = response.content.decode()
    assert first.name in page
    assert second.name in page
    assert "fewer than five participants" in page
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("evaluation:report_all_csv")).content.decode()))
    )
    assert len(rows) == 1 + 6 * 2 + 6 * 4


def test_the_cohort_report_takes_a_constant_number_of_queries(
    client, survey, django_assert_max_num_queries
):
    cohort, _ = answered_cohort(survey)
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    client.force_login(facilitator.user)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("evaluation:report", args=[cohort.pk])).status_code == 200


def test_the_report_across_cohorts_takes_the_same_queries_for_more_cohorts(
    client, survey, django_assert_max_num_queries
):
    for _ in range(2):
        answered_cohort(survey)
    client.force_login(UserFactory(is_staff=True))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("evaluation:report_all"))
    for _ in range(4):
        answered_cohort(survey)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("evaluation:report_all")).status_code == 200
