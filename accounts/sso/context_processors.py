from django.conf import settings

from .switches import password_login_for_participants, sign_in_urls


def sign_in_options(request):
    """The "Sign in with …" buttons the switched-on providers give, for every page."""
    return {
        "sso_login_urls": sign_in_urls(),
        "sso_institution": settings.SSO_INSTITUTION_NAME,
        "password_login_for_all": password_login_for_participants(),
    }
