"""The single sign-on pages: the libraries' views behind a switch, with every refusal shown as a
page that says what went wrong."""

import logging

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

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
