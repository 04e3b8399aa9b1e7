"""Certificates: the facilitator's completion rule decides who is eligible; an eligible
participant downloads the PDF; the code confirms it to anyone, showing only what is printed;
a forged or revoked code is refused, and a revoked certificate's PDF is no longer kept.
How the PDF goes through the task queue: tests/test_certificate_tasks.py."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from evaluation.attendance import course_sessions
from evaluation.completion import standing_of
from evaluation.models import (
    Attendance,
    Certificate,
    CertificateRender,
    CompletionRule,
    RenderedCertificate,
    SurveyResponse,
)
from evaluation.services import NotEligible, certificate_issue

from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def attend(enrollment, count):
    for session in course_sessions()[:count]:
        Attendance.objects.create(enrollment=enrollment, session=session, attended=True)


def send_post_survey(enrollment, instrument):
    SurveyResponse.objects.create(
        enrollment=enrollment, instrument=instrument, wave="post", submitted_at=timezone.now()
    )


@pytest.fixture
def facilitator(enrollment):
    enrollment.user.display_name = "Dr. Sam Okafor"
    enrollment.user.save()
    return EnrollmentFactory(cohort=enrollment.cohort, role="facilitator")


def test_the_default_rule_asks_four_sessions_and_the_post_survey(enrollment, survey):
    attend(enrollment, 3)
    standing = standing_of(enrollment)
    assert not standing.eligible
    assert standing.missing == [
        "attended 3 of 4 sessions",
        "the survey after the course not sent",
    ]
    attend_more = course_sessions()[3]
    Attendance.objects.create(enrollment=enrollment, session=attend_more, attended=True)
    send_post_survey(enrollment, survey)
    assert standing_of(enrollment).eligible


def test_the_facilitators_rule_is_what_counts(client, enrollment, facilitator, survey):
    client.force_login(facilitator.user)
    address = reverse("evaluation:certificates", args=[enrollment.cohort_id])
    response = client.post(
        address, {"sessions_attended": "2", "modules_complete": "on", "post_survey_done": ""}
    )
    assert response.status_code == 302
    rule = CompletionRule.objects.get(cohort=enrollment.cohort)
    assert (rule.sessions_attended, rule.modules_complete, rule.post_survey_done) == (
        2,
        True,
        False,
    )
    attend(enrollment, 2)
    standing = standing_of(enrollment)
    assert standing.missing == [f"0 of {standing.modules_total} modules complete"]
    rule.modules_complete = False
    rule.save()
    assert standing_of(enrollment).eligible


def test_a_bad_rule_is_refused_with_a_message_and_kept(client, enrollment, facilitator):
    client.force_login(facilitator.user)
    address = reverse("evaluation:certificates", args=[enrollment.cohort_id])
    response = client.post(address, {"sessions_attended": "lots"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a whole number." in page
    assert 'value="lots"' in page
    assert not CompletionRule.objects.exists()


def test_an_eligible_participant_downloads_a_certificate_that_anyone_can_check(
    client, enrollment, facilitator, survey, settings
):
    CompletionRule.objects.create(cohort=enrollment.cohort, sessions_attended=1)
    attend(enrollment, 1)
    send_post_survey(enrollment, survey)
    client.force_login(enrollment.user)
    record = client.get(reverse("evaluation:record", args=[enrollment.cohort_id])).content
    assert b"Download your certificate" in record
    # The first download issues it; its PDF is rendered by the task the issue queued (the test
    # settings' immediate backend runs it at once; tests/test_certificate_tasks.py queues it).
    response = client.get(reverse("evaluation:certificate", args=[enrollment.cohort_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="mentoring-up-certificate-dr-sam-okafor.pdf"'
    )
    certificate = Certificate.objects.get(enrollment=enrollment)
    content = response.getvalue()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert certificate.dates  # the sessions were opened (the fixture's cohort has no dates)
    for printed in (
        "Dr. Sam Okafor",
        "Mentoring Up",
        enrollment.cohort.name,
        certificate.code,
        certificate.dates,
        f"Issued on {date_format(timezone.localtime(certificate.issued_at), 'j F Y')}",
        f"{settings.SITE_URL}/certificates/{certificate.code}/",  # the public check page
    ):
        assert printed in text
    assert facilitator.user.display_name in text
    # A second download is the same certificate, from the stored copy.
    again = client.get(reverse("evaluation:certificate", args=[enrollment.cohort_id]))
    assert again.getvalue() == content
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1

    client.logout()
    page = client.get(reverse("evaluation:verify", args=[certificate.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "This is a valid certificate." in html
    assert "Dr. Sam Okafor" in html
    assert enrollment.user.email not in html  # only what is printed
    lower = reverse("evaluation:verify", args=[certificate.code.lower().replace("-", " ")])
    assert client.get(lower).status_code == 200  # typed by hand


def test_a_certificate_prints_a_name_never_an_address(enrollment, survey):
    CompletionRule.objects.create(cohort=enrollment.cohort, sessions_attended=0)
    send_post_survey(enrollment, survey)
    enrollment.user.display_name = " "
    enrollment.user.save()
    assert standing_of(enrollment).missing == [
        "no name on the account (a certificate prints a name, never an address)"
    ]
    with pytest.raises(NotEligible):
        certificate_issue(enrollment=enrollment, issued_by=None)


def test_a_participant_who_does_not_meet_the_rule_gets_no_certificate(client, enrollment):
    client.force_login(enrollment.user)
    response = client.get(reverse("evaluation:certificate", args=[enrollment.cohort_id]))
    assert response.status_code == 403
    assert "attended 0 of 4 sessions" in response.content.decode()
    assert not Certificate.objects.exists()
    with pytest.raises(NotEligible):
        certificate_issue(enrollment=enrollment, issued_by=None)


def test_a_forged_or_revoked_code_is_refused(client, enrollment, facilitator, survey):
    CompletionRule.objects.create(cohort=enrollment.cohort, sessions_attended=0)
    send_post_survey(enrollment, survey)
    client.force_login(facilitator.user)
    issue = reverse("evaluation:certificate_issue", args=[enrollment.cohort_id, enrollment.pk])
    assert client.post(issue).status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.issued_by == facilitator.user
    forged = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    assert client.get(reverse("evaluation:verify", args=[forged])).status_code == 404
    assert client.get(reverse("evaluation:verify", args=["<script>"])).status_code == 404

    assert RenderedCertificate.objects.filter(certificate=certificate).exists()  # made at issue
    revoke = reverse("evaluation:certificate_revoke", args=[enrollment.cohort_id, certificate.pk])
    assert client.post(revoke).status_code == 302
    assert not RenderedCertificate.objects.filter(certificate=certificate).exists()
    assert not CertificateRender.objects.filter(certificate=certificate).exists()
    response = client.get(reverse("evaluation:verify", args=[certificate.code]))
    assert response.status_code == 404
    assert "No valid certificate has this code" in response.content.decode()
    # The participant cannot simply download a new one; the facilitator may issue one again.
    client.force_login(enrollment.user)
    again = client.get(reverse("evaluation:certificate", args=[enrollment.cohort_id]))
    assert again.status_code == 403
    assert "withdrew your certificate" in again.content.decode()
    assert not Certificate.objects.valid().exists()
    record = client.get(reverse("evaluation:record", args=[enrollment.cohort_id])).content.decode()
    assert "withdrew your certificate" in record
    assert "Download your certificate" not in record
    client.force_login(facilitator.user)
    client.post(issue)
    assert Certificate.objects.valid().get().code != certificate.code


def test_the_facilitator_cannot_issue_to_someone_who_does_not_meet_the_rule(
    client, enrollment, facilitator
):
    client.force_login(facilitator.user)
    issue = reverse("evaluation:certificate_issue", args=[enrollment.cohort_id, enrollment.pk])
    response = client.post(issue, follow=True)
    assert "does not meet the rule yet" in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_certificates_page_takes_a_constant_number_of_queries(
    client, enrollment, facilitator, django_assert_max_num_queries
):
    for _ in range(6):
        EnrollmentFactory(cohort=enrollment.cohort)
    client.force_login(facilitator.user)
    with django_assert_max_num_queries(14):
        address = reverse("evaluation:certificates", args=[enrollment.cohort_id])
        assert client.get(address).status_code == 200
