"""The check-in reminders: one mail per participant and planned round, sent once through the
outbox (the mail's row is queued in the same transaction as the claim), only when the round is
due, not yet done, and the participant keeps the reminders on."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentoring.mail import header_text
from sessions_app.models import Cohort, Enrollment

from .models import CheckIn, CheckInPlan, CheckInReminder
from .schedule import add_months, chosen_months, cohort_months, last_session_day

# A round is mailed while it is this fresh: a cohort added late is not sent every old round.
REMINDER_WINDOW = timedelta(days=30)


def due_reminders(today=None):
    """(enrollment, months, due date) of every reminder to send now."""
    today = today or timezone.localdate()
    for cohort in Cohort.objects.filter(is_archived=False):
        last = last_session_day(cohort.pk)
        if last is not None:
            yield from _due_in(cohort, last, today)


def _due_in(cohort, last, today):
    default = cohort_months(cohort.pk)
    enrollments = Enrollment.objects.participants().filter(cohort=cohort).select_related("user")
    plans = {p.enrollment_id: p for p in CheckInPlan.objects.filter(enrollment__cohort=cohort)}
    sent = set(
        CheckInReminder.objects.filter(enrollment__cohort=cohort).values_list(
            "enrollment_id", "months"
        )
    )
    done = set(
        CheckIn.objects.filter(enrollment__cohort=cohort).values_list("enrollment_id", "months")
    )
    for enrollment in enrollments:
        plan = plans.get(enrollment.pk) or CheckInPlan()
        if not plan.reminders:
            continue
        for months in chosen_months(plan, default):
            due = add_months(last, months)
            key = (enrollment.pk, months)
            if due <= today < due + REMINDER_WINDOW and key not in sent and key not in done:
                yield enrollment, months, due


def check_in_reminders_send(*, site_url: str, today=None) -> int:
    """Send the due reminders; returns how many. Safe to run as often as one likes."""
    count = 0
    for enrollment, months, due in list(due_reminders(today)):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    CheckInReminder.objects.create(enrollment=enrollment, months=months)
            except IntegrityError:  # another run claimed it
                continue
            _mail(enrollment, months, due, site_url)
        count += 1
    return count


def _mail(enrollment, months, due, site_url):
    base = site_url.rstrip("/")
    link = base + reverse("followup:check_in_new", args=[enrollment.cohort_id]) + f"?round={months}"
    plan = base + reverse("followup:check_ins", args=[enrollment.cohort_id])
    message = EmailMessage(
        subject=header_text(f"Time for your {months}-month check-in: {enrollment.cohort.name}"),
        body=render_to_string(
            "followup/emails/check_in_reminder.txt",
            {"enrollment": enrollment, "months": months, "due": due, "link": link, "plan": plan},
        ),
        to=[enrollment.user.email],
    )
    message.reference = f"check-in:{enrollment.pk}:{months}"
    message.send()
