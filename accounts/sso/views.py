"""The single sign-on pages: the libraries' views behind a switch, with every refusal shown as a
page that says what went wrong."""

import logging

import requests
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from saml2 import BINDING_HTTP_REDIRECT
from saml2.response import StatusError, UnsolicitedResponse, VerificationError
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from .saml import MetadataUnavailable, refuse_replay
from .services import SignInRefused, pending_join_complete

logger = logging.getLogger(__name__)


def refused(request, message: str, status: int = 403):
    return render(request, "accounts/sso_refused.html", {"message": message}, status=status)


class OIDCEnabledMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404("OpenID Connect is not switched on.")
        return super().dispatch(request, *args, **kwargs)


class OIDCLoginView(OIDCEnabledMixin, OIDCAuthenticationRequestView):
    pass


class OIDCCallbackView(OIDCEnabledMixin, OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return refused(request, str(refusal))
        except SuspiciousOperation:
            logger.warning("OpenID Connect callback refused", exc_info=True)
            return refused(
                request,
                "This sign-in answer does not belong to a sign-in started here (it may have "
                "been used already). Please sign in again.",
            )
        except requests.RequestException:
            logger.warning("OpenID provider unreachable or refusing", exc_info=True)
            return refused(
                request,
                f"{settings.SSO_INSTITUTION_NAME} did not answer the workbook's check of your "
                "sign-in. Please try again in a few minutes.",
                status=502,
            )

    def login_failure(self):
        return refused(
            self.request,
            f"The sign-in with {settings.SSO_INSTITUTION_NAME} did not complete. Please try again.",
        )


@login_required
def finish(request, pending):
    """Back from the identity provider with a join link or invitation to finish."""
    try:
        cohort = pending_join_complete(user=request.user, pending=pending)
    except SignInRefused as refusal:
        return refused(request, str(refusal))
    return redirect(cohort)


class SAMLEnabledMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.SAML_ENABLED:
            raise Http404("SAML is not switched on.")
        try:
            return super().dispatch(request, *args, **kwargs)
        except MetadataUnavailable:
            return refused(
                request,
                f"The sign-in with {settings.SSO_INSTITUTION_NAME} is not available just now "
                "(its description could not be fetched). Please try again in a few minutes.",
                status=503,
            )


class SAMLLoginView(SAMLEnabledMixin, saml_views.LoginView):
    def unknown_idp(self, request, idp):
        return refused(
            request,
            "That identity provider is not one the workbook knows. Use the button on the log-in "
            "page.",
            status=404,
        )


class SAMLMetadataView(SAMLEnabledMixin, saml_views.MetadataView):
    pass


@method_decorator(csrf_exempt, name="dispatch")  # the identity provider may post here
class SAMLLogoutReturnView(SAMLEnabledMixin, saml_views.LogoutView):
    """Where the identity provider's logout comes back (or asks us to log out)."""

    def do_logout_service(self, request, data, binding, *args, **kwargs):
        if "SAMLResponse" not in data and "SAMLRequest" not in data:
            return refused(request, "No logout message arrived from the identity provider.", 400)
        try:
            return super().do_logout_service(request, data, binding, *args, **kwargs)
        except Exception:  # pysaml2 raises many kinds on a message it cannot read or trust
            logger.warning("SAML logout message refused", exc_info=True)
            logout(request)
            return refused(
                request,
                "The logout message from the identity provider could not be read. You are "
                "logged out of the workbook.",
                status=400,
            )


@method_decorator(csrf_exempt, name="dispatch")  # the identity provider posts here
class SAMLAssertionConsumerView(SAMLEnabledMixin, saml_views.AssertionConsumerServiceView):
    refusal = None

    def post(self, request, *args, **kwargs):
        if "SAMLResponse" not in request.POST:
            return refused(
                request, "No sign-in answer arrived from the identity provider.", status=400
            )
        try:
            return super().post(request, *args, **kwargs)
        except SignInRefused as refusal:
            return refused(request, str(refusal))

    def custom_validation(self, response):
        try:
            refuse_replay(response)
        except SignInRefused as refusal:
            self.refusal = refusal
            raise

    def customize_session(self, user, session_info):
        conf = self.get_sp_config(self.request)
        self.request.session["sso_idp_logout"] = bool(
            conf.metadata.single_logout_service(
                session_info["issuer"], BINDING_HTTP_REDIRECT, "idpsso"
            )
        )

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        logger.info("SAML response refused: %r", exception)
        message = str(self.refusal) if self.refusal else _saml_refusal(exception)
        return refused(request, message)


def _saml_refusal(exception) -> str:
    institution = settings.SSO_INSTITUTION_NAME
    if isinstance(exception, ResponseLifetimeExceed | ToEarly):
        return (
            "The sign-in answer had expired or was not valid yet. Please sign in again (if this "
            "keeps happening, a computer's clock may be wrong)."
        )
    # The conditions: validity times (VerificationError) and audience (pysaml2 raises a bare
    # Exception naming AudienceRestrictions).
    if isinstance(exception, VerificationError) or "AudienceRestriction" in str(exception):
        return (
            "The sign-in answer had expired, or was meant for another application, so it was "
            "refused. Please sign in again."
        )
    if isinstance(exception, SignatureError):
        return "The sign-in answer's signature did not check out, so it was refused."
    if isinstance(exception, UnsolicitedResponse):
        return (
            "This sign-in answer does not belong to a sign-in started here (it may have been "
            "used already). Please sign in again."
        )
    if isinstance(exception, StatusError):
        return f"{institution} did not sign you in. Please try again."
    return "The sign-in answer could not be accepted. Please sign in again."


class SAMLLogoutView(SAMLEnabledMixin, saml_views.LogoutInitView):
    """Log out here and at the identity provider; a form's POST, so no page can do it for you."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def handle_unsupported_slo_exception(self, request, exception, *args, **kwargs):
        return redirect(settings.LOGOUT_REDIRECT_URL)
