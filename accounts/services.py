"""Signing up through a cohort's join link without telling anyone whether an address already has
an account: every sign-up is answered with the same page and a mail to the address. A new
address's mail holds the link that finishes the account (it proves the address); an address that
has an account gets a mail saying so, with links to log in and to reset the password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from mentoring.throttle import mail_or_refuse
from sessions_app.models import Cohort, Invitation
from sessions_app.services import enrollment_join, invitation_accept

from .models import normalise_email


def is_pending(user) -> bool:
    """Signed up but the address's link never opened: no login yet, not active."""
    return not user.is_active and user.last_login is None


def pending_or_new_user(*, email: str, display_name: str, password: str):
    """An account for an address not yet proven: a pending one is taken over (its old link stops
    working, since the password changes), else a new inactive one."""
    User = get_user_model()
    user = User.objects.select_for_update().filter(email=normalise_email(email)).first()
    if user is None:
        user = User(email=email, is_active=False)
    user.display_name = display_name
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def sign_up_request(*, cohort: Cohort, email: str, display_name: str, password: str, site_url: str):
    """The same for every address: one mail to it (MailLimitReached when it has had too many)."""
    email = normalise_email(email)
    mail_or_refuse(email)
    site_url = site_url.rstrip("/")
    existing = get_user_model().objects.filter(email=email).first()
    if existing is not None and not is_pending(existing):
        context = {
            "user": existing,
            "cohort": cohort,
            "login_link": f"{site_url}{reverse('accounts:login')}?next={cohort.get_join_url()}",
            "reset_link": site_url + reverse("accounts:password_reset"),
        }
        template, subject = "emails/sign_up_existing.txt", "You already have an account"
    else:
        user = pending_or_new_user(email=email, display_name=display_name, password=password)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        path = reverse("accounts:join_confirm", args=[cohort.join_code, uid, token])
        context = {"user": user, "cohort": cohort, "link": site_url + path}
        template, subject = "emails/sign_up_confirm.txt", f"Finish joining {cohort.name}"
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[email],
    )


def pending_user_for(uidb64: str, token: str):
    """The pending account a sign-up link is for, or None (wrong, used or expired link)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or not is_pending(user):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def sign_up_confirm(*, cohort: Cohort, user):
    """The address is proven: the account works and joins the cohort."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    enrollment_join(cohort=cohort, user=user)
    return user


@transaction.atomic
def invitation_sign_up(*, invitation: Invitation, display_name: str, password: str):
    """The invitation's mail proved the address: the account works at once."""
    user = pending_or_new_user(email=invitation.email, display_name=display_name, password=password)
    user.is_active = True
    user.save(update_fields=["is_active"])
    invitation_accept(invitation=invitation, user=user)
    return user
