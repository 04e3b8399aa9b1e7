"""The facilitator's dashboard: invitations, schedule, progress and summaries.

Who may reach which dashboard URL is in the one permission table, tests/test_access_matrix.py."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from sessions_app.models import CohortSession, Enrollment, Invitation, Module, Section, Session
from worksheets.models import Answer

from .factories import (
    DEFAULT_PASSWORD,
    AnswerFactory,
    CohortFactory,
    CohortSessionFactory,
    EnrollmentFactory,
    FourWayViewFactory,
    InvitationFactory,
    QuestionnaireRatingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_a(curriculum):
    return CohortFactory(name="Cohort A")


@pytest.fixture
def facilitator_a(cohort_a):
    return EnrollmentFactory(cohort=cohort_a, role="facilitator").user


def test_a_facilitator_lists_only_their_cohorts_and_staff_see_all(client, cohort_a, facilitator_a):
    other = CohortFactory(name="Cohort B")
    client.force_login(facilitator_a)
    html = client.get(reverse("facilitator:cohorts")).content.decode()
    assert "Cohort A" in html
    assert "Cohort B" not in html
    client.force_login(UserFactory(is_staff=True))
    assert other.name in client.get(reverse("facilitator:cohorts")).content.decode()


def test_creating_editing_and_archiving_a_cohort(client, facilitator_a):
    client.force_login(facilitator_a)
    response = client.post(reverse("facilitator:cohort_new"), {"name": "Autumn 2027"})
    enrollment = Enrollment.objects.get(cohort__name="Autumn 2027")
    cohort = enrollment.cohort
    assert response["Location"] == reverse("facilitator:cohort", args=[cohort.pk])
    assert (enrollment.user, enrollment.role) == (facilitator_a, "facilitator")
    assert CohortSession.objects.filter(cohort=cohort).count() == Session.objects.count()
    client.post(reverse("facilitator:cohort_edit", args=[cohort.pk]), {"name": "Autumn 2027 (B)"})
    client.post(reverse("facilitator:archive", args=[cohort.pk]), {"archive": "1"})
    cohort.refresh_from_db()
    assert (cohort.name, cohort.is_archived) == ("Autumn 2027 (B)", True)
    assert client.get(cohort.get_join_url()).status_code == 404


def test_regenerating_the_join_link_retires_the_old_one(client, cohort_a, facilitator_a):
    old = cohort_a.get_join_url()
    client.force_login(facilitator_a)
    client.post(reverse("facilitator:join_link", args=[cohort_a.pk]))
    cohort_a.refresh_from_db()
    assert cohort_a.get_join_url() != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(cohort_a.get_join_url()).status_code == 200


def test_scheduling_and_opening_a_session(client, cohort_a, facilitator_a):
    session = Session.objects.get(number=2)
    client.force_login(facilitator_a)
    client.post(
        reverse("facilitator:session", args=[cohort_a.pk, session.pk]),
        {
            f"session-{session.pk}-starts_at": "2027-03-04T14:00",
            f"session-{session.pk}-location": "Room 101",
            f"session-{session.pk}-is_open": "on",
        },
    )
    entry = CohortSession.objects.get(cohort=cohort_a, session=session)
    assert entry.is_open
    assert entry.location == "Room 101"
    participant = EnrollmentFactory(cohort=cohort_a)
    client.force_login(participant.user)
    module = session.modules.first()
    assert (
        client.get(reverse("worksheets:module", args=[cohort_a.pk, module.slug])).status_code == 200
    )


def test_invitations_are_sent_listed_resent_and_cancelled(client, cohort_a, facilitator_a):
    EnrollmentFactory(cohort=cohort_a, user=UserFactory(email="member@example.edu"))
    client.force_login(facilitator_a)
    response = client.post(
        reverse("facilitator:invite", args=[cohort_a.pk]),
        {"emails": "ana@example.edu\nBen Li <ben@example.edu>; member@example.edu, not-an-address"},
        follow=True,
    )
    notes = " ".join(str(m) for m in response.context["messages"])
    assert "ana@example.edu" in notes
    assert "Already in the cohort: member@example.edu" in notes
    assert "not-an-address" in notes
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.edu", "ben@example.edu"]
    assert "ben@example.edu" in response.content.decode()  # listed as pending

    invitation = Invitation.objects.get(email="ana@example.edu")
    first_hash = invitation.token_hash
    client.post(reverse("facilitator:invitation", args=[cohort_a.pk, invitation.pk, "resend"]))
    invitation.refresh_from_db()
    assert invitation.token_hash != first_hash
    assert len(mail.outbox) == 3
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    client.post(reverse("facilitator:invitation", args=[cohort_a.pk, invitation.pk, "cancel"]))
    client.logout()
    assert client.get(link).status_code == 410


def test_accepting_an_invitation_then_the_link_is_used(client, cohort_a):
    invitation = InvitationFactory(cohort=cohort_a, email="new@example.edu")
    url = invitation.get_absolute_url()
    response = client.post(
        url,
        {
            "display_name": "Dr. New",
            "password1": "a-long-unusual-pass",
            "password2": "a-long-unusual-pass",
        },
    )
    assert response["Location"] == cohort_a.get_absolute_url()
    assert Enrollment.objects.filter(cohort=cohort_a, user__email="new@example.edu").exists()
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_invitation_says_so(client, cohort_a):
    invitation = InvitationFactory(
        cohort=cohort_a,
        email="late@example.edu",
        expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert client.get("/invite/never-issued/").status_code == 404


def test_an_invitation_for_an_existing_account_asks_to_log_in(client, cohort_a):
    user = UserFactory(email="known@example.edu")
    invitation = InvitationFactory(cohort=cohort_a, email="known@example.edu")
    assert "Log in to join" in client.get(invitation.get_absolute_url()).content.decode()
    client.login(username="known@example.edu", password=DEFAULT_PASSWORD)
    client.post(invitation.get_absolute_url())
    assert Enrollment.objects.filter(cohort=cohort_a, user=user).exists()


def test_removing_a_participant_keeps_their_work(client, cohort_a, facilitator_a):
    participant = EnrollmentFactory(cohort=cohort_a)
    prompt = Section.objects.filter(prompts__isnull=False).first().prompts.first()
    AnswerFactory(enrollment=participant, prompt=prompt, text="Keep me")
    client.force_login(facilitator_a)
    url = reverse("facilitator:participant_remove", args=[cohort_a.pk, participant.pk])
    assert (
        "work is kept" in client.get(url).content.decode()
        or "is kept" in client.get(url).content.decode()
    )
    client.post(url)
    participant.refresh_from_db()
    assert participant.removed_at is not None
    assert Answer.objects.get(enrollment=participant).text == "Keep me"
    client.force_login(participant.user)
    assert client.get(cohort_a.get_absolute_url()).status_code == 404
    assert client.post(cohort_a.get_join_url()).status_code == 403  # the link does not undo it
    assert client.get(cohort_a.get_absolute_url()).status_code == 404


def test_progress_grid_queries_do_not_grow_with_300_participants(
    client, cohort_a, facilitator_a, django_assert_max_num_queries
):
    module = Module.objects.in_course_order().first()
    prompt = Section.objects.filter(module=module, prompts__isnull=False).first().prompts.first()
    enrollments = [EnrollmentFactory(cohort=cohort_a) for _ in range(300)]
    Answer.objects.bulk_create(
        Answer(enrollment=e, prompt=prompt, text="started") for e in enrollments[:150]
    )
    client.force_login(facilitator_a)
    with django_assert_max_num_queries(25):
        response = client.get(
            reverse("facilitator:progress", args=[cohort_a.pk]) + "?sort=progress"
        )
    rows = response.context["rows"]
    assert len(rows) == 300
    assert rows[0]["done"] == 1
    assert rows[-1]["done"] == 0
    assert response.context["rows"][0]["last_activity"] is not None


def rate(enrollment, section, value):
    for stage in section.spec["stages"]:
        for item in stage["items"]:
            QuestionnaireRatingFactory(
                enrollment=enrollment, section=section, item=item["slug"], value=value
            )


def test_summaries_are_hidden_below_three_respondents(client, cohort_a, facilitator_a):
    questionnaire = Section.objects.get(worksheet_type="questionnaire")
    four_way = Section.objects.get(worksheet_type="four_way_view")
    people = [EnrollmentFactory(cohort=cohort_a) for _ in range(3)]
    for person, value in zip(people[:2], (2, 5), strict=True):
        rate(person, questionnaire, value)
        FourWayViewFactory(
            enrollment=person,
            section=four_way,
            importance_work=40,
            importance_home=30,
            importance_community=10,
            importance_self=20,
            focus_work=70,
            focus_home=20,
            focus_community=5,
            focus_self=5,
        )
    client.force_login(facilitator_a)
    url = reverse("facilitator:summaries", args=[cohort_a.pk])
    summary = client.get(url).context["summaries"]
    assert not summary["questionnaire"]["shown"]
    assert summary["questionnaire"]["items"][0]["spread"] == []
    assert not summary["four_way_view"]["shown"]
    assert "Shown once at least 3" in client.get(url).content.decode()

    rate(people[2], questionnaire, 5)
    FourWayViewFactory(
        enrollment=people[2],
        section=four_way,
        importance_work=40,
        importance_home=30,
        importance_community=10,
        importance_self=20,
        focus_work=40,
        focus_home=30,
        focus_community=10,
        focus_self=20,
    )
    summary = client.get(url).context["summaries"]
    assert summary["questionnaire"]["shown"]
    spread = {
        cell["value"]: cell["count"] for cell in summary["questionnaire"]["items"][0]["spread"]
    }
    assert (spread[2], spread[5]) == (1, 2)
    rows = {row["title"]: row for row in summary["four_way_view"]["rows"]}
    assert rows["Work"]["focus"] == 60


def test_answers_export_holds_only_the_participants_who_share(client, cohort_a, facilitator_a):
    prompt = Section.objects.filter(prompts__isnull=False).first().prompts.first()
    sharing = EnrollmentFactory(cohort=cohort_a, shares_answers=True)
    private = EnrollmentFactory(cohort=cohort_a)
    AnswerFactory(enrollment=sharing, prompt=prompt, text="=shared thought")
    AnswerFactory(enrollment=private, prompt=prompt, text="private thought")
    client.force_login(facilitator_a)
    body = client.get(reverse("facilitator:answers_csv", args=[cohort_a.pk])).content.decode()
    assert "'=shared thought" in body
    assert "private thought" not in body
    progress = client.get(reverse("facilitator:progress_csv", args=[cohort_a.pk])).content.decode()
    assert private.user.email in progress


def test_a_participant_turns_sharing_on_and_off(client, cohort_a):
    participant = EnrollmentFactory(cohort=cohort_a)
    client.force_login(participant.user)
    url = reverse("sessions_app:sharing", args=[cohort_a.pk])
    client.post(url, {"shares_answers": "on"})
    participant.refresh_from_db()
    assert participant.shares_answers
    client.post(url, {})
    participant.refresh_from_db()
    assert not participant.shares_answers


def test_reminders_go_out_once_with_a_calendar_file(cohort_a):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    session = Session.objects.get(number=3)
    CohortSessionFactory(cohort=cohort_a, session=session, starts_at=tomorrow, location="Room 5")
    CohortSessionFactory(cohort=cohort_a, session=Session.objects.get(number=4))  # no date
    participants = [EnrollmentFactory(cohort=cohort_a) for _ in range(2)]
    EnrollmentFactory(cohort=cohort_a, removed_at=timezone.now())

    call_command("send_session_reminders", "--site-url", "https://workbook.example.edu")
    call_command("send_session_reminders", "--site-url", "https://workbook.example.edu")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in participants)
    message = mail.outbox[0]
    module = session.modules.order_by("position").first()
    assert (
        f"https://workbook.example.edu/cohorts/{cohort_a.pk}/modules/{module.slug}/" in message.body
    )
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("session.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["location"]) == "Room 5"
    assert event.decoded("dtstart") == CohortSession.objects.get(session=session).starts_at.replace(
        microsecond=0
    )


def test_no_reminder_for_sessions_not_tomorrow(cohort_a):
    CohortSessionFactory(
        cohort=cohort_a,
        session=Session.objects.get(number=3),
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    EnrollmentFactory(cohort=cohort_a)
    call_command("send_session_reminders")
    assert mail.outbox == []
