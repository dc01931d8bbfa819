"""Saved searches that mail, and papers that arrive, for the digest tests."""

import datetime as dt

from django.utils import timezone

from search.following.services import saved_search_create
from tests.factories import PaperFactory


def follow(user, name, alert="daily", **fields):
    search = saved_search_create(user, {"name": name, "alert": alert, "mode": "keyword", **fields})
    search.created = timezone.now() - dt.timedelta(hours=2)
    search.save()
    return search


def new_paper(title, **fields):
    return PaperFactory(title=title, abstract=f"{title}. We study it.", **fields)
