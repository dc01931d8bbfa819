"""Forms of the pages. Search parameters are parsed by search.params, as the API's are,
so a page and the API accept exactly the same; bookmark rules are papers.models'."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.cache import cache
from django.http import HttpRequest

from config.client import client_address, over_limit
from papers.models import MAX_NOTE_CHARS, clean_note, clean_tags
from search.following.verification import email_is_verified


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=False, help_text="Optional; for saved searches' mail "
                             "and password resets. We mail it a link to confirm it.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class EmailForm(forms.Form):
    email = forms.EmailField(required=False, max_length=254,
                             help_text="Where digests go; empty for none.")  # fmt: skip


class BookmarkForm(forms.Form):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_CHARS}),
    )
    tags = forms.CharField(required=False, help_text="Separated by commas or spaces.")

    def clean_note(self) -> str:
        return clean_note(self.cleaned_data["note"])

    def clean_tags(self) -> list[str]:
        return clean_tags(self.cleaned_data["tags"])


class LibraryImportForm(forms.Form):
    text = forms.CharField(
        required=False,
        label="arXiv ids or URLs, or an export (BibTeX, RIS, CSL-JSON, Paperscope JSON)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(required=False, label="or a file")

    MAX_BYTES = 2_000_000

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(f"the file is over {self.MAX_BYTES:,} bytes")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError("the file is not UTF-8 text") from None
        if not data.get("text", "").strip():
            raise forms.ValidationError("paste some ids or choose a file")
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Your password, to confirm")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class LoginThrottle:
    """A login form (the site's or the admin's) refusing further attempts for
    LOGIN_LOCKOUT_SECONDS after too many failures: for one account from one client
    address, from one address over any accounts, or for one account from anywhere
    (guessing spread over many addresses).
    One client can thus lock out neither another client nor, alone, an account."""

    MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
    MAX_FAILURES_PER_ADDRESS = 20
    MAX_FAILURES_PER_ACCOUNT = 100
    throttled = False

    def clean(self):
        counters = self._failure_counters()
        if any(cache.get(key, 0) >= limit for key, limit in counters):
            self.throttled = True
            minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
            raise forms.ValidationError(
                f"Too many failed log-ins. Try again in {minutes} minutes.", code="throttled"
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for key, _ in counters:
                cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
                cache.incr(key)
            raise

    def _failure_counters(self) -> list[tuple[str, int]]:
        username = (self.data.get("username") or "").strip().casefold()
        address = client_address(self.request) if self.request else ""
        return [
            (f"login-failures:user:{username}:address:{address}",
             self.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS),
            (f"login-failures:address:{address}", self.MAX_FAILURES_PER_ADDRESS),
            (f"login-failures:user:{username}", self.MAX_FAILURES_PER_ACCOUNT),
        ]  # fmt: skip


class ThrottledAuthenticationForm(LoginThrottle, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(LoginThrottle, AdminAuthenticationForm):
    """/admin/'s login, locked out by the same counters as the site's: guessing a
    password there is no way around the lockout."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Password reset by email. At most MAX_PER_ADDRESS requests an hour from one client
    and MAX_PER_EMAIL for one address, so the form can be used neither to flood an inbox
    nor to probe many addresses. Mail goes only to a verified address (one proved by its
    owner), with links on SITE_URL, never on whatever Host the request named."""

    MAX_PER_ADDRESS = 10
    MAX_PER_EMAIL = 3
    throttled = False

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        address = client_address(self.request) if self.request else ""
        if over_limit(f"password-reset:address:{address}", self.MAX_PER_ADDRESS, 3600) or (
            over_limit(f"password-reset:email:{email.casefold()}", self.MAX_PER_EMAIL, 3600)
        ):
            self.throttled = True
            raise forms.ValidationError("Too many reset requests. Try again in an hour.",
                                        code="throttled")  # fmt: skip
        return email

    def get_users(self, email: str):
        return (user for user in super().get_users(email) if email_is_verified(user))


def error_list(errors: dict) -> list[str]:
    """A form's or a ValidationError's messages as lines, each naming its field."""
    out = []
    for field, messages_ in errors.items():
        for message in messages_ if isinstance(messages_, list) else [messages_]:
            out.append(f"{field}: {message}" if field not in ("__all__", "non_field_errors")
                       else str(message))  # fmt: skip
    return out
