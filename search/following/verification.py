"""Email addresses proved before any digest goes to them: the signed link mailed to a new
address, and reading it back. The link names the address it was sent to, so a link for
an address the user has since changed verifies nothing."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from config.client import over_limit
from papers.services import account_email_change
from search.following.models import VerifiedEmail

logger = logging.getLogger(__name__)

SALT = "paperscope.verify-email"
MAX_AGE_SECONDS = 7 * 24 * 3600
# Verification mails to one account an hour: enough to retry a typo, too few to use
# the site to mail a stranger over and over.
MAX_SENDS_PER_HOUR = 5


def email_is_verified(user: AbstractBaseUser) -> bool:
    if not user.email:
        return False
    return VerifiedEmail.objects.filter(user=user, email__iexact=user.email).exists()


def email_address_set(user: AbstractBaseUser, email: str) -> str:
    """Change the user's address; a new one is mailed a link to verify it. Returns what
    happened: "removed", "verified" (unchanged and already proved), "sent", "throttled"
    or "failed" (the mail could not be sent)."""
    account_email_change(user, email)
    if not email:
        return "removed"
    if email_is_verified(user):
        return "verified"
    return verification_send(user)


def verification_send(user: AbstractBaseUser) -> str:
    """Mail the user's current address its verification link: "sent", "throttled" or
    "failed"."""
    if over_limit(f"verify-email:{user.pk}", MAX_SENDS_PER_HOUR, 3600):
        return "throttled"
    token = signing.dumps({"u": user.pk, "e": user.email.casefold()}, salt=SALT)
    context = {"user": user, "site_url": settings.SITE_URL,
               "link": settings.SITE_URL + reverse("frontend:verify-email", args=[token]),
               "days": MAX_AGE_SECONDS // 86400}  # fmt: skip
    try:
        send_mail(
            "Confirm your address for Paperscope",
            render_to_string("following/email/verify_email.txt", context),
            settings.DEFAULT_FROM_EMAIL, [user.email],
        )  # fmt: skip
    except Exception as error:  # SMTP and socket errors alike: say so, lose nothing
        logger.warning("verification mail to user %s not sent: %s", user.pk, error)
        return "failed"
    return "sent"


def email_verify(token: str) -> AbstractBaseUser | None:
    """The user whose current address this link proves (and now marks verified), or None
    for a link that is forged, expired, or for an address no longer theirs."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # expired links too (SignatureExpired is one)
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = get_user_model().objects.filter(pk=data["u"]).first()
    if user is None or not user.email or user.email.casefold() != data.get("e"):
        return None
    with transaction.atomic():
        VerifiedEmail.objects.update_or_create(user=user, defaults={"email": user.email})
    return user
