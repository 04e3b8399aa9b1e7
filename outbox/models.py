"""One row per outgoing mail: its content until it is delivered, then only who, what and when."""

from django.core.mail import EmailMultiAlternatives
from django.db import models


class OutgoingMail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be delivered"

    to_address = models.EmailField(max_length=254, db_index=True)
    subject = models.CharField(max_length=998)
    # The whole message (see as_message); emptied once it is delivered or given up, since it
    # may hold a link's secret token.
    message = models.JSONField(default=dict)
    # What the mail is about, for the pages that report on it ("invitation:12").
    reference = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} → {self.to_address} ({self.get_state_display()})"

    @classmethod
    def from_message(cls, message, reference: str = "") -> "OutgoingMail":
        recipients = message.recipients()
        return cls(
            to_address=(recipients[0] if recipients else "")[:254],
            subject=str(message.subject)[:998],
            reference=reference[:64],
            message={
                "subject": str(message.subject),
                "body": message.body,
                "from_email": message.from_email,
                "to": list(message.to),
                "cc": list(message.cc),
                "bcc": list(message.bcc),
                "reply_to": list(message.reply_to),
                "headers": dict(message.extra_headers),
                "alternatives": [list(item) for item in getattr(message, "alternatives", [])],
                "attachments": [_attachment(item) for item in message.attachments],
            },
        )

    def as_message(self) -> EmailMultiAlternatives:
        data = self.message
        message = EmailMultiAlternatives(
            subject=data["subject"],
            body=data["body"],
            from_email=data["from_email"],
            to=data["to"],
            cc=data["cc"],
            bcc=data["bcc"],
            reply_to=data["reply_to"],
            headers=data["headers"],
        )
        for content, mimetype in data["alternatives"]:
            message.attach_alternative(content, mimetype)
        for filename, content, mimetype in data["attachments"]:
            message.attach(filename, content.encode("latin-1"), mimetype)
        return message


def _attachment(item) -> list:
    """(filename, content, mimetype) kept as text: bytes as latin-1, which maps every byte."""
    filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode()
    return [filename, content.decode("latin-1"), mimetype]
