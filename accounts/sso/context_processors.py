from django.conf import settings
from django.urls import reverse


def sign_in_options(request):
    """The "Sign in with …" buttons the switched-on providers give, for every page."""
    providers = []
    if settings.SAML_ENABLED:
        providers.append(reverse("sso:saml_login"))
    if settings.OIDC_ENABLED:
        providers.append(reverse("sso:oidc_login"))
    return {
        "sso_login_urls": providers,
        "sso_institution": settings.SSO_INSTITUTION_NAME,
        "password_login_for_all": settings.SSO_PASSWORD_LOGIN or not providers,
    }
