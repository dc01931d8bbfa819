"""Signing up and in, and the account page: email, API token, alerts, deletion. Thin:
forms validate, services and selectors do the work."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.client import client_address, over_limit
from frontend.forms import (
    DeleteAccountForm,
    EmailForm,
    SignupForm,
    ThrottledAuthenticationForm,
    ThrottledPasswordResetForm,
)
from papers.selectors import user_api_token
from papers.services import account_delete, api_token_replace, api_token_revoke
from search.following.selectors import for_you_alert, saved_search_count, user_digest_failures
from search.following.services import feeds_revoke_all, for_you_alert_set
from search.following.verification import (
    email_address_set,
    email_is_verified,
    email_verify,
    verification_send,
)


class ThrottledFormView:
    """A form view whose form may refuse as throttled: the page says why, with a 429."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


# The templates live under accounts/, not registration/: the admin app, listed first,
# has registration/ templates of its own that would win.
class LoginView(ThrottledFormView, auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(ThrottledFormView, auth_views.PasswordResetView):
    """Django's reset by email, throttled (the form counts), its links on SITE_URL."""

    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"request": self.request}

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Accounts one client address may create an hour: people sign up once; scripts that
# make accounts by the hundred (to spread API throttles over them) are stopped.
SIGNUPS_PER_ADDRESS_PER_HOUR = 5


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:library")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        if over_limit(f"signup:{address}", SIGNUPS_PER_ADDRESS_PER_HOUR, 3600):
            form.add_error(None, "Too many accounts were created from your address. Try "
                                 "again in an hour.")  # fmt: skip
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        user = form.save()
        auth_views.auth_login(request, user)
        messages.success(request, f"Welcome, {user.username}.")
        if user.email:
            _say_verification(request, verification_send(user), user.email)
        return redirect("frontend:library")
    return render(request, "accounts/signup.html", {"form": form})


VERIFICATION_MESSAGES = {
    "sent": "We mailed {email} a link to confirm it; digests go there once it is confirmed.",
    "throttled": "Too many confirmation mails this hour; ask again later.",
    "failed": "The confirmation mail to {email} could not be sent; try again from this page.",
    "verified": "Email address saved.",
    "removed": "Email address removed: no mail is sent.",
}


def _say_verification(request: HttpRequest, outcome: str, email: str) -> None:
    level = messages.success if outcome in ("sent", "verified", "removed") else messages.error
    level(request, VERIFICATION_MESSAGES[outcome].format(email=email))


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a new address."""
    user = email_verify(token)
    if user is None:
        messages.error(request, "That confirmation link does not work: it expired, or the "
                                "address changed since it was sent.")  # fmt: skip
    else:
        messages.success(request, f"{user.email} is confirmed: digests go there.")
    return redirect("frontend:account" if request.user.is_authenticated else "frontend:home")


def _account_page(request: HttpRequest, delete_form=None, new_key: str | None = None,
                  email_form=None, status: int = 200) -> HttpResponse:  # fmt: skip
    return render(
        request,
        "frontend/account.html",
        {
            "token": user_api_token(request.user),
            "new_key": new_key,
            "delete_form": delete_form or DeleteAccountForm(request.user),
            "email_form": email_form or EmailForm(initial={"email": request.user.email}),
            "saved_searches": saved_search_count(request.user),
            "digest_failures": user_digest_failures(request.user)[:5],
            "for_you_weekly": for_you_alert(request.user) == "weekly",
            "email_verified": email_is_verified(request.user),
        },
        status=status,
    )


@login_required
@never_cache  # it shows the API token once, and private feed URLs
def account(request: HttpRequest) -> HttpResponse:
    """Account settings: the API token for scripts, password, deleting the account."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create-token":
            token = api_token_replace(request.user)
            messages.success(request, "New token created. Copy it now: it is shown once.")
            return _account_page(request, new_key=token.key)
        if action == "revoke-token":
            api_token_revoke(request.user)
            messages.success(request, "Token revoked: scripts using it are refused from now on.")
        if action == "email":
            form = EmailForm(request.POST)
            if not form.is_valid():
                return _account_page(request, email_form=form, status=400)
            email = form.cleaned_data["email"]
            _say_verification(request, email_address_set(request.user, email), email)
        if action == "verify-email":
            _say_verification(request, verification_send(request.user), request.user.email)
        if action in ("for-you-weekly", "for-you-off"):
            for_you_alert_set(request.user, "weekly" if action == "for-you-weekly" else "none")
            messages.success(request, "Weekly “For you” mail is on." if action == "for-you-weekly"
                             else "Weekly “For you” mail is off.")  # fmt: skip
        if action == "revoke-feeds":
            feeds_revoke_all(request.user)
            messages.success(request, "Every private feed URL is revoked; your pages show new "
                                      "ones.")  # fmt: skip
        return redirect("frontend:account")
    return _account_page(request)


@login_required
@require_POST
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, delete_form=form, status=400)
    user = request.user
    logout(request)
    account_delete(user)
    messages.success(request, "Your account and its bookmarks are deleted.")
    return redirect("frontend:home")
