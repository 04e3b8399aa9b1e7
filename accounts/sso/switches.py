"""Which ways of signing in are switched on (settings, read at request time)."""

from django.conf import settings
from django.urls import reverse

from sessions_app.models import Enrollment


def sign_in_urls() -> list[str]:
    """The start of each switched-on single sign-on, in the order the login page shows them."""
    urls = []
    if settings.SAML_ENABLED:
        urls.append(reverse("sso:saml_login"))
    if settings.OIDC_ENABLED:
        urls.append(reverse("sso:oidc_login"))
    return urls


def password_login_for_participants() -> bool:
    """Off only when single sign-on is on and SSO_PASSWORD_LOGIN switched passwords off."""
    return settings.SSO_PASSWORD_LOGIN or not sign_in_urls()


def may_use_password(user) -> bool:
    """Facilitators and staff keep a password as a fallback when participants have none."""
    if password_login_for_participants() or user.is_staff:
        return True
    return Enrollment.objects.facilitators().filter(user=user).exists()
