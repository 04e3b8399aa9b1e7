"""Deleting an account removes everything of the person, in one transaction."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

from outbox.models import OutgoingMail
from sessions_app.models import Invitation


@transaction.atomic
def account_delete(user) -> None:
    """The rows keyed by the person's address go first; deleting the user then cascades to
    their enrollments with every answer and worksheet, their board posts, the links they gave
    their mentors with what the mentors answered, and their stored PDFs."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    Invitation.objects.filter(email__iexact=user.email).delete()
    OutgoingMail.objects.filter(to_address__iexact=user.email).delete()
    user.delete()
