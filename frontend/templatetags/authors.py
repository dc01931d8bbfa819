"""An author name's page URL, for the many names on a page of cards."""

import functools
from urllib.parse import quote

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def author_url(name: str) -> str:
    # The route's prefix once, each name quoted here: reverse() for every name on a page
    # of cards would cost more than the rest of a card.
    return f"{_prefix()}{quote(' '.join(name.split()), safe='')}/"


@functools.cache
def _prefix() -> str:
    return reverse("frontend:author", args=["x"])[: -len("x/")]
