"""Signing up and in, and the account page: email, API token, alerts, deletion. Thin:
forms validate, services and selectors do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontend.forms import (
    DeleteAccountForm,
    EmailForm,
    SignupForm,
    ThrottledAuthenticationForm,
)
from papers.selectors import (
    user_api_token,
)
from papers.services import (
    account_delete,
    account_email_change,
    api_token_replace,
    api_token_revoke,
)
from search.following.selectors import for_you_alert, saved_search_count, user_digest_failures
from search.following.services import feeds_revoke_all, for_you_alert_set


# The templates live under accounts/, not registration/: the admin app, listed first,
# has registration/ templates of its own that would win.
class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:library")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        auth_views.auth_login(request, user)
        messages.success(request, f"Welcome, {user.username}.")
        return redirect("frontend:library")
    return render(request, "accounts/signup.html", {"form": form})


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
        },
        status=status,
    )


@login_required
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
            account_email_change(request.user, form.cleaned_data["email"])
            messages.success(request, "Email address saved.")
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
