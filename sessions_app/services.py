"""Cohorts and enrolment: creating cohorts, joining, invitations, removing people."""

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring.mail import header_text
from mentoring.throttle import mail_or_refuse

from .models import (
    Cohort,
    CohortSession,
    Enrollment,
    Invitation,
    Session,
    new_join_code,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def cohort_create(*, name: str, facilitators=(), open_all_sessions: bool = False) -> Cohort:
    cohort = Cohort.objects.create(name=name)
    CohortSession.objects.bulk_create(
        CohortSession(cohort=cohort, session=session, is_open=open_all_sessions)
        for session in Session.objects.active()
    )
    for user in facilitators:
        Enrollment.objects.create(cohort=cohort, user=user, role=Enrollment.Role.FACILITATOR)
    return cohort


class RemovedFromCohort(Exception):
    """The facilitator removed this person; only the facilitator's restore brings them back."""


class NotTheInvitedAddress(Exception):
    """An invitation is accepted only by the account of the address it was sent to."""


def is_removed(*, cohort: Cohort, user) -> bool:
    return Enrollment.objects.filter(cohort=cohort, user=user, removed_at__isnull=False).exists()


@transaction.atomic
def enrollment_join(*, cohort: Cohort, user) -> Enrollment:
    """Enrol a user as a participant; joining twice keeps the first enrollment and its role.
    Someone the facilitator removed stays out (RemovedFromCohort) until restored."""
    enrollment, created = Enrollment.objects.get_or_create(
        cohort=cohort, user=user, defaults={"role": Enrollment.Role.PARTICIPANT}
    )
    if not created and enrollment.removed_at is not None:
        raise RemovedFromCohort
    return enrollment


@transaction.atomic
def participant_sign_up(*, cohort: Cohort, email: str, display_name: str, password: str):
    user = get_user_model().objects.create_user(
        email=email, password=password, display_name=display_name
    )
    enrollment_join(cohort=cohort, user=user)
    return user


# Facilitation: cohorts, join links, invitations, people and the session schedule.

INVITATION_DAYS = 14


def facilitated_cohorts(user):
    """The cohorts a person may run: all for staff, else those they facilitate."""
    if user.is_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(
        enrollments__user=user,
        enrollments__role=Enrollment.Role.FACILITATOR,
        enrollments__removed_at__isnull=True,
    ).distinct()


@transaction.atomic
def join_code_regenerate(*, cohort: Cohort) -> Cohort:
    """A new join link; the old one stops working at once."""
    cohort.join_code = new_join_code()
    cohort.save(update_fields=["join_code"])
    return cohort


def cohort_set_archived(*, cohort: Cohort, archived: bool) -> None:
    cohort.is_archived = archived
    cohort.save(update_fields=["is_archived"])


def participant_remove(*, enrollment: Enrollment) -> None:
    """Take someone out of a cohort; everything they wrote stays in the database."""
    Enrollment.objects.filter(pk=enrollment.pk).update(removed_at=timezone.now())


def participant_restore(*, enrollment: Enrollment) -> None:
    Enrollment.objects.filter(pk=enrollment.pk).update(removed_at=None)


@dataclass
class InvitationReport:
    sent: list[str] = field(default_factory=list)
    already_in: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # restore them instead
    invalid: list[str] = field(default_factory=list)
    not_mailed: list[str] = field(default_factory=list)


EMAIL_MAX_LENGTH = Invitation._meta.get_field("email").max_length
ANGLE_ADDRESS = re.compile(r"<([^<>]+)>")


def split_emails(text: str) -> tuple[list[str], list[str]]:
    """Pasted addresses (one per line, or separated by commas, semicolons or spaces, with or
    without "Name <address>") → (valid, invalid), each once, in the order given. An address
    longer than the database keeps is invalid."""
    valid, invalid = [], []
    for entry in re.split(r"[,;\n]+", text):
        quoted = ANGLE_ADDRESS.findall(entry)
        for candidate in quoted or entry.split():
            candidate = candidate.strip().lower()
            if not candidate:
                continue
            try:
                validate_email(candidate)
                if len(candidate) > EMAIL_MAX_LENGTH:
                    raise ValidationError("too long")
            except ValidationError:
                invalid.append(candidate)
            else:
                if candidate not in valid:
                    valid.append(candidate)
    return valid, invalid


def invitations_send(*, cohort: Cohort, text: str, invited_by, site_url: str) -> InvitationReport:
    """Invite each pasted address once: new invitations, or a fresh link for a pending one.

    The whole list is checked before anything is stored; the invitations are then stored in one
    transaction and their mails go out only after it, so a failure never leaves some addresses
    mailed and others not stored. The whole list fits the sender's mails of the hour, or
    nothing is stored or sent (MailLimitReached). The report names every address: sent,
    already in the cohort, removed (restore them instead), not an address (nothing sent to
    it), or stored but not mailed."""
    valid, invalid = split_emails(text)
    report = InvitationReport(invalid=invalid)
    mails = []
    with transaction.atomic():
        enrolled = dict(
            Enrollment.objects.filter(cohort=cohort, user__email__in=valid).values_list(
                "user__email", "removed_at"
            )
        )
        for email in valid:
            if email in enrolled:
                (report.already_in if enrolled[email] is None else report.removed).append(email)
        to_send = [email for email in valid if email not in enrolled]
        if to_send:
            mail_or_refuse(invited_by, count=len(to_send))  # all of them fit, or none is sent
        for email in to_send:
            invitation = cohort.invitations.pending().filter(email__iexact=email).first()
            if invitation is None:
                invitation = Invitation(cohort=cohort, email=email, invited_by=invited_by)
            mails.append((email, _invitation_renew(invitation=invitation, site_url=site_url)))
    for email, mail in mails:
        (report.sent if _deliver(mail) else report.not_mailed).append(email)
    return report


def invitation_send(*, invitation: Invitation, site_url: str, sender=None) -> bool:
    """(Re)send: a new link that works for INVITATION_DAYS; an older link stops working.
    Counted against the sender's mails in the hour (MailLimitReached when they are used up).
    False when the link was stored but the mail could not be handed to the mail server."""
    mail_or_refuse(sender or invitation.invited_by or invitation.email)
    with transaction.atomic():
        mail = _invitation_renew(invitation=invitation, site_url=site_url)
    return _deliver(mail)


def _invitation_renew(*, invitation: Invitation, site_url: str) -> EmailMessage:
    """Store a fresh link and return the mail that carries it (not sent yet)."""
    invitation.issue_token()
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.sent_at = timezone.now()
    invitation.save()
    context = {
        "invitation": invitation,
        "link": site_url.rstrip("/") + invitation.get_absolute_url(),
        "days": INVITATION_DAYS,
    }
    mail = EmailMessage(
        subject=header_text(f"You are invited to {invitation.cohort.name}"),
        body=render_to_string("emails/invitation.txt", context),
        to=[invitation.email],
    )
    mail.reference = f"invitation:{invitation.pk}"  # the facilitator's page shows its delivery
    return mail


def _deliver(mail: EmailMessage) -> bool:
    try:
        mail.send()
    except OSError:  # smtplib.SMTPException among them
        logger.exception("Could not send the invitation mail to %s", mail.to[0])
        return False
    return True


def invitation_cancel(*, invitation: Invitation) -> None:
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Enrollment:
    """Join through an invitation: only the invited address's account, and not someone the
    facilitator removed (RemovedFromCohort, NotTheInvitedAddress; the invitation stays
    usable)."""
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise NotTheInvitedAddress
    if is_removed(cohort=invitation.cohort, user=user):
        raise RemovedFromCohort
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(accepted_at=timezone.now())
    if not claimed:
        raise ValidationError("This invitation has already been used, cancelled or has expired.")
    return enrollment_join(cohort=invitation.cohort, user=user)
