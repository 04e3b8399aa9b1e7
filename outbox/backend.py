"""The e-mail backend the app sends through (EMAIL_BACKEND): it stores each message and queues
its delivery, in the caller's transaction, so a mail is queued exactly when the change that
sends it is stored. The mail server is only ever spoken to by the task (outbox.tasks)."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import OutgoingMail


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from .tasks import queue_delivery

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            with transaction.atomic():
                mail = OutgoingMail.from_message(message, getattr(message, "reference", ""))
                mail.save()
                queue_delivery(mail)
            message.outbox_id = mail.pk  # for a caller that reports on its delivery
            count += 1
        return count
