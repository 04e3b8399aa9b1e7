"""What single sign-on does with a person the identity provider vouched for, and the join link or
invitation they came through, carried across the round trip to the identity provider."""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve, reverse

from sessions_app.models import Cohort, Invitation
from sessions_app.services import (
    NotTheInvitedAddress,
    RemovedFromCohort,
    enrollment_join,
    invitation_accept,
)

from ..models import ExternalIdentity, normalise_email
from ..services import is_pending

PENDING_SALT = "accounts.sso.pending-join"
PENDING_MAX_AGE = 60 * 60  # seconds a started sign-in may take at the identity provider


class SignInRefused(Exception):
    """A sign-in the app will not accept; the message is shown to the person as it is."""


@transaction.atomic
def identity_sign_in(
    *,
    provider: str,
    subject: str,
    email: str,
    display_name: str,
    email_trusted: bool,
    proven_email: str = "",
):
    """The account for what the identity provider asserted. A known identifier signs in its
    account; a first sign-in links the account with the same address or creates one, and
    remembers the identifier. The address is believed when the provider is trusted for
    addresses, or when it is the one an invitation the person opened was mailed to
    (`proven_email`); otherwise a first sign-in is refused, since an account made from an
    unproven address could later be taken over by, or from, the address's owner."""
    subject = (subject or "").strip()
    if not subject:
        raise SignInRefused(
            "Your institution did not send a stable identifier for you, so the workbook cannot "
            "tell whether you have signed in before. Ask your IT office to release one."
        )
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    if identity is not None:
        _refuse_if_switched_off(identity.user)
        identity.save(update_fields=["last_used_at"])
        return identity.user
    proven = bool(proven_email) and normalise_email(proven_email) == normalise_email(email)
    user = _account_for_first_sign_in(
        email=email, display_name=display_name, email_trusted=email_trusted or proven
    )
    try:
        with transaction.atomic():
            ExternalIdentity.objects.create(provider=provider, subject=subject, user=user)
    except IntegrityError:  # the same person signing in twice at once: the first one won
        identity = ExternalIdentity.objects.select_related("user").get(
            provider=provider, subject=subject
        )
        return identity.user
    return user


def _account_for_first_sign_in(*, email: str, display_name: str, email_trusted: bool):
    email = normalise_email(email)
    if not email:
        raise SignInRefused(
            "Your institution did not send your e-mail address, which the workbook needs for "
            "your account. Ask your IT office to release it to this application."
        )
    User = get_user_model()
    existing = User.objects.select_for_update().filter(email=email).first()
    if not email_trusted:
        if existing is not None:
            raise SignInRefused(
                f"An account with the address {email} already exists, and this sign-in service "
                "is not trusted to prove addresses. Log in with your password instead."
            )
        raise SignInRefused(
            "This sign-in service is not trusted to prove e-mail addresses, so the workbook "
            "cannot open an account from it alone. Open the invitation your facilitator "
            "e-mailed you and sign in from there."
        )
    if existing is None:
        return User.objects.create_user(
            email=email, display_name=(display_name or "").strip() or email.split("@")[0]
        )
    if is_pending(existing):
        # A sign-up whose mail was never opened: the identity provider has now proven the
        # address, and the password typed then (perhaps by someone else) stops working.
        existing.is_active = True
        existing.set_unusable_password()
        existing.save(update_fields=["is_active", "password"])
        return existing
    _refuse_if_switched_off(existing)
    return existing


def _refuse_if_switched_off(user):
    if not user.is_active:
        raise SignInRefused("This account is switched off. Ask your facilitator.")


def pending_join_encode(*, cohort: Cohort | None = None, invitation: Invitation | None = None):
    """A signed note of the join link or invitation a sign-in started from. It travels in the
    URL the identity provider sends the person back to: a SAML response arrives as a cross-site
    POST, which carries no session cookie."""
    if invitation is not None:
        return signing.dumps({"invitation": invitation.pk}, salt=PENDING_SALT)
    return signing.dumps({"join": cohort.join_code}, salt=PENDING_SALT)


def pending_join_url(**kwargs) -> str:
    """Where the identity provider sends the person back to finish joining."""
    return reverse("sso:finish", args=[pending_join_encode(**kwargs)])


def invited_email(next_url: str) -> str:
    """The address of the invitation a sign-in started from (its return address says which),
    or "". Opening the invitation's link proved the person reads mail at that address."""
    try:
        match = resolve(urlsplit(next_url or "").path)
    except Resolver404:
        return ""
    if match.view_name != "sso:finish":
        return ""
    try:
        note = signing.loads(match.kwargs["pending"], salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return ""
    if "invitation" not in note:
        return ""
    invitation = Invitation.objects.filter(pk=note["invitation"]).first()
    return invitation.email if invitation is not None and invitation.is_usable else ""


def pending_join_complete(*, user, pending: str) -> Cohort:
    """Join the cohort the sign-in started from; SignInRefused says why not."""
    try:
        note = signing.loads(pending, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        raise SignInRefused(
            "This sign-in link has expired or was changed. Open your join link again."
        ) from None
    try:
        if "invitation" in note:
            invitation = (
                Invitation.objects.select_related("cohort").filter(pk=note["invitation"]).first()
            )
            if invitation is None or not invitation.is_usable or invitation.cohort.is_archived:
                raise SignInRefused("This invitation has been used, cancelled or has expired.")
            invitation_accept(invitation=invitation, user=user)
            return invitation.cohort
        cohort = Cohort.objects.joinable().filter(join_code=note.get("join")).first()
        if cohort is None:
            raise SignInRefused(
                "This join link no longer works. Ask your facilitator for a new one."
            )
        enrollment_join(cohort=cohort, user=user)
        return cohort
    except NotTheInvitedAddress:
        raise SignInRefused(
            "This invitation is for another e-mail address than the one your institution gave."
        ) from None
    except RemovedFromCohort:
        raise SignInRefused(
            "Your facilitator removed you from this cohort. Ask them if this is a mistake."
        ) from None
    except ValidationError:
        raise SignInRefused("This invitation has been used, cancelled or has expired.") from None
