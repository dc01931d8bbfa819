"""Template filters for text that holds TeX (papers/tex.py)."""

from django import template

from papers.tex import truncate_words

register = template.Library()


@register.filter
def tex_words(text: str, count: int) -> str:
    """Like `truncatewords`, but never cutting a math span in two (the page typesets
    the spans, and half of one would show as raw TeX)."""
    return truncate_words(text, int(count))
