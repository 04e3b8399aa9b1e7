"""The login lockout (django-axes) counts an e-mail as it is stored: trimmed and in lower case,
so that case variants of one address share one count, on the login page and in the admin."""

from django.conf import settings

from .models import normalise_email


def username(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the e-mail from the credentials or the posted form, normalised."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field) or credentials.get("email")
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    return normalise_email(str(value)) if value else None
