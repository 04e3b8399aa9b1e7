from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mentoring import throttle
from mentoring.throttle import MailLimitReached
from sessions_app.models import Cohort, Invitation
from sessions_app.services import (
    NotTheInvitedAddress,
    RemovedFromCohort,
    enrollment_join,
    invitation_accept,
    is_removed,
)
from worksheets.personal_data import personal_data

from . import deletion
from .forms import AccountDeleteForm, InvitationSignUpForm, SignUpForm
from .services import (
    invitation_sign_up,
    is_pending,
    pending_user_for,
    sign_up_confirm,
    sign_up_request,
)
from .sso.services import pending_join_url
from .sso.switches import password_login_for_participants


def join(request, code):
    """A cohort's join link: sign up (or, when signed in, confirm) and become a participant."""
    if throttle.too_many_misses(request, throttle.JOIN_CODE):
        return render(request, "accounts/too_many_attempts.html", status=429)
    cohort = None
    if throttle.is_well_formed(code):
        cohort = Cohort.objects.joinable().filter(join_code=code).first()
    if cohort is None:
        throttle.record_miss(request, throttle.JOIN_CODE)
        return render(request, "accounts/join_unknown.html", {"code": code}, status=404)
    if request.user.is_authenticated:
        if is_removed(cohort=cohort, user=request.user):
            return _removed(request, cohort)
        if request.method == "POST":
            try:
                enrollment_join(cohort=cohort, user=request.user)
            except RemovedFromCohort:  # removed meanwhile
                return _removed(request, cohort)
            return redirect(cohort)
        return render(request, "accounts/join_confirm.html", {"cohort": cohort})
    form = SignUpForm(request.POST or None) if password_login_for_participants() else None
    if form is not None and request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            sign_up_request(
                cohort=cohort,
                email=email,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
                site_url=f"{request.scheme}://{request.get_host()}",
            )
        except MailLimitReached as limit:
            form.add_error("email", str(limit))
        else:
            # The same answer whether or not the address has an account: the mail tells.
            return render(request, "accounts/sign_up_sent.html", {"cohort": cohort, "email": email})
    login_url = f"{reverse('accounts:login')}?next={cohort.get_join_url()}"
    return render(
        request,
        "accounts/join_sign_up.html",
        {
            "cohort": cohort,
            "form": form,
            "login_url": login_url,
            "sso_next": pending_join_url(cohort=cohort),
        },
    )


def join_confirm(request, code, uidb64, token):
    """The link of a sign-up's mail: it proves the address; a click finishes the account."""
    if throttle.too_many_misses(request, throttle.JOIN_CODE):
        return render(request, "accounts/too_many_attempts.html", status=429)
    cohort = None
    if throttle.is_well_formed(code):
        cohort = Cohort.objects.joinable().filter(join_code=code).first()
    pending = pending_user_for(uidb64, token) if cohort else None
    if pending is None:
        throttle.record_miss(request, throttle.JOIN_CODE)
        return render(request, "accounts/join_link_unusable.html", status=404)
    if request.method == "POST":
        user = sign_up_confirm(cohort=cohort, user=pending)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(cohort)
    return render(request, "accounts/join_finish.html", {"cohort": cohort, "pending": pending})


def invitation(request, token):
    """An e-mailed invitation: sign up with the invited address, or log in, and join."""
    if throttle.too_many_misses(request, throttle.INVITATION):
        return render(request, "accounts/too_many_attempts.html", status=429)
    found = None
    if throttle.is_well_formed(token):
        found = Invitation.objects.select_related("cohort").for_token(token).first()
    if found is not None:
        found.token = token  # for the links on the page: only its digest is stored
    if found is None:
        throttle.record_miss(request, throttle.INVITATION)
    if found is None or not found.is_usable or found.cohort.is_archived:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": found},
            status=410 if found else 404,
        )
    if request.user.is_authenticated:
        if request.user.email.lower() != found.email.lower():
            return _other_address(request, found)
        if is_removed(cohort=found.cohort, user=request.user):
            return _removed(request, found.cohort)
        if request.method == "POST":
            try:
                invitation_accept(invitation=found, user=request.user)
            except NotTheInvitedAddress:
                return _other_address(request, found)
            except RemovedFromCohort:
                return _removed(request, found.cohort)
            except ValidationError:
                return render(
                    request, "accounts/invitation_unusable.html", {"invitation": found}, status=410
                )
            return redirect(found.cohort)
        return render(request, "accounts/join_confirm.html", {"cohort": found.cohort})
    existing = get_user_model().objects.filter(email__iexact=found.email).first()
    if existing is not None and not is_pending(existing):
        login_url = f"{reverse('accounts:login')}?next={found.get_absolute_url()}"
        return render(
            request,
            "accounts/invitation_log_in.html",
            {
                "invitation": found,
                "login_url": login_url,
                "sso_next": pending_join_url(invitation=found),
            },
        )
    form = None
    if password_login_for_participants():
        form = InvitationSignUpForm(request.POST or None, email=found.email)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            user = invitation_sign_up(
                invitation=found,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError:
            return render(
                request, "accounts/invitation_unusable.html", {"invitation": found}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(found.cohort)
    return render(
        request,
        "accounts/join_sign_up.html",
        {
            "cohort": found.cohort,
            "form": form,
            "invited_email": found.email,
            "login_url": f"{reverse('accounts:login')}?next={found.get_absolute_url()}",
            "sso_next": pending_join_url(invitation=found),
        },
    )


def _removed(request, cohort):
    return render(request, "accounts/removed.html", {"cohort": cohort}, status=403)


def _other_address(request, invitation):
    return render(
        request, "accounts/invitation_other_address.html", {"invitation": invitation}, status=403
    )


@login_required
def data_download(request):
    """Everything the signed-in person wrote, as JSON."""
    response = JsonResponse(
        personal_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="my-mentoring-up-data.json"'
    return response


@login_required
def account_delete(request):
    """Delete the account and everything written in it, after the password is typed again."""
    form = AccountDeleteForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        deletion.account_delete(user)
        return render(request, "accounts/account_deleted.html")
    return render(request, "accounts/account_delete.html", {"form": form})
