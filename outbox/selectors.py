"""What the pages that send mail show about its delivery."""

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from .models import OutgoingMail


def with_delivery(queryset, reference_prefix: str):
    """Annotate each row with the state and last error of its newest mail, whose reference is
    f"{reference_prefix}:{row.pk}" (None when no mail was queued through the outbox)."""
    newest = OutgoingMail.objects.filter(
        reference=Concat(Value(f"{reference_prefix}:"), Cast(OuterRef("pk"), CharField()))
    ).order_by("-created_at", "-pk")
    return queryset.annotate(
        mail_state=Subquery(newest.values("state")[:1]),
        mail_error=Subquery(newest.values("last_error")[:1]),
    )
