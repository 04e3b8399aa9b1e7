from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from mentoring.throttle import MailLimitReached, mail_allowed

from .models import normalise_email
from .sso.switches import may_use_password


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail",
        max_length=get_user_model()._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That e-mail and password do not match an account. Check both and try again "
            "(the password is case-sensitive)."
        ),
        "institution_only": "Participants sign in with {institution}: use the button above.",
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not may_use_password(user):
            raise forms.ValidationError(
                self.error_messages["institution_only"].format(
                    institution=settings.SSO_INSTITUTION_NAME
                ),
                code="institution_only",
            )


class LimitedPasswordResetForm(PasswordResetForm):
    """Reset mails count against the address's mails in the hour, whether or not an account
    has it, so that reaching the limit says nothing about accounts."""

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if not mail_allowed(email):
            raise forms.ValidationError(str(MailLimitReached(settings.MAILS_PER_HOUR)))
        return email


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=get_user_model()._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        # Whether an account has the address is not said here: the mail to it says so.
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ. Type the same password twice.")
        elif password1:
            user = get_user_model()(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationSignUpForm(SignUpForm):
    """Sign-up from an e-mailed invitation: the address is the invited one."""

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        self.invited_email = email

    def clean(self):
        self.cleaned_data["email"] = self.invited_email
        return super().clean()


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password, to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():  # signs in only through the institution
            self.fields["password"] = forms.CharField(
                label="Your e-mail address, to confirm",
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            if normalise_email(password) != self.user.email:
                raise forms.ValidationError("That is not your address: nothing was deleted.")
        elif not self.user.check_password(password):
            raise forms.ValidationError("That is not your password: nothing was deleted.")
        return password
