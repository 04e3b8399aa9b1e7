"""E-mails that tell participants the survey after the course, and six months later the
follow-up, are open: each participant is mailed once per wave, never after they answered."""

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from mentoring.mail import header_text
from sessions_app.models import Cohort, Enrollment

from .models import SurveyInvitation, SurveyResponse, Wave
from .selectors import current_instrument, wave_items
from .windows import wave_states

MAILED_WAVES = (Wave.POST, Wave.FOLLOW_UP)  # the pre-survey is offered on the cohort home


def survey_invitations_send(*, site_url: str) -> int:
    """Mail every participant a wave that is open and not yet answered nor mailed; returns how
    many mails were sent. Safe to run often (each mail is claimed by its row first)."""
    instrument = current_instrument()
    if instrument is None:
        return 0
    waves = [wave for wave in MAILED_WAVES if wave_items(instrument, wave)]
    sent = 0
    for cohort in Cohort.objects.joinable():
        states = wave_states(cohort)
        for wave in waves:
            if states[wave].is_open:
                sent += _mail_cohort(cohort, instrument, wave, site_url)
    return sent


def _mail_cohort(cohort, instrument, wave, site_url) -> int:
    answered = SurveyResponse.objects.of_participants().filter(
        instrument=instrument, wave=wave, submitted_at__isnull=False
    )
    to_mail = (
        Enrollment.objects.participants()
        .filter(cohort=cohort)
        .exclude(pk__in=answered.values("enrollment_id"))
        .exclude(survey_invitations__wave=wave)
        .select_related("user", "cohort")
    )
    return sum(_mail_one(enrollment, wave, site_url) for enrollment in to_mail)


def _mail_one(enrollment, wave, site_url) -> int:
    link = site_url.rstrip("/") + reverse("evaluation:survey", args=[enrollment.cohort_id, wave])
    try:
        with transaction.atomic():
            SurveyInvitation.objects.create(enrollment=enrollment, wave=wave)
            EmailMessage(
                subject=header_text(f"{Wave(wave).label}: a short survey, {enrollment.cohort}"),
                body=render_to_string(
                    "emails/survey_invitation.txt",
                    {"user": enrollment.user, "wave": Wave(wave), "link": link},
                ),
                to=[enrollment.user.email],
            ).send()
    except IntegrityError:  # another run mailed this one
        return 0
    return 1
