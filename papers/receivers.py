"""What the corpus app does when something else happens: a user's password changes
(by its page, a reset link, the admin or `manage.py changepassword`), and their API
token stops working, as their other sessions do."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db.models.signals import pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="papers.revoke-tokens")
def revoke_tokens_on_password_change(sender, instance, update_fields=None, **kwargs) -> None:
    # Every door sets a password through set_password(), which keeps the new one in
    # `_password` until the save; a log-in that only re-hashes the same password (a new
    # hasher setting) clears it first, as Django does not count that as a change.
    raw = getattr(instance, "_password", None)
    if raw is None or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is None or check_password(raw, stored):  # the same password set again
        return
    Token.objects.filter(user_id=instance.pk).delete()
