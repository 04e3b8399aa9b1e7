from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse

from sessions_app.models import Cohort
from sessions_app.services import enrollment_join, participant_sign_up

from .forms import SignUpForm


def join(request, code):
    """A cohort's join link: sign up (or, when signed in, confirm) and become a participant."""
    cohort = Cohort.objects.joinable().filter(join_code=code).first()
    if cohort is None:
        return render(request, "accounts/join_unknown.html", {"code": code}, status=404)
    if request.user.is_authenticated:
        if request.method == "POST":
            enrollment_join(cohort=cohort, user=request.user)
            return redirect(cohort)
        return render(request, "accounts/join_confirm.html", {"cohort": cohort})
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = participant_sign_up(
            cohort=cohort,
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(cohort)
    login_url = f"{reverse('accounts:login')}?next={cohort.get_join_url()}"
    return render(
        request,
        "accounts/join_sign_up.html",
        {"cohort": cohort, "form": form, "login_url": login_url},
    )
