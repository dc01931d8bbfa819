"""Email digests: one message per user and frequency, grouped by saved search, in HTML and
plain text, through Django's email framework (EMAIL_URL).

Each digest (user, frequency, period: the day, or the week's Monday) is a row whose
content is fixed before the first try. A digest marked sent is never sent again, so a
run that crashes halfway resends nothing already sent and, on the next run, sends what
it had not. Deliveries are recorded with the send, so a paper never goes out twice for
the same saved search. SMTP failures are retried with backoff, then recorded on the
digest (the account page shows them) and retried by the next run.

Every message carries a signed unsubscribe link that works without logging in, and the
List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058 one-click).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from papers.models import Paper
from papers.selectors import papers_by_id
from search.following import selectors
from search.following.forms import SEARCH_FIELDS
from search.following.models import Alert, Digest, SavedSearch
from search.following.new_papers import NewPapers, digest_content, digest_floor
from search.following.services import digest_create, digest_failed, digest_sent
from search.recommend.selectors import for_you

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "paperscope.unsubscribe"
FOR_YOU_IN_DIGEST = 10


@dataclass
class DigestReport:
    sent: int = 0
    already_sent: int = 0
    nothing_new: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def period_of(frequency: str, now: dt.datetime, force: bool) -> str:
    """The digest's period key: one digest per user, frequency and period. --force makes
    a period of its own, so it sends even when this period's digest went out."""
    day = timezone.localdate(now)
    key = day if frequency == Alert.DAILY else day - dt.timedelta(days=day.weekday())
    return f"{key.isoformat()}+{now:%H%M%S.%f}" if force else key.isoformat()


def send_digests(frequencies: tuple[str, ...] = (Alert.DAILY, Alert.WEEKLY), *,
                 force: bool = False, now: dt.datetime | None = None) -> DigestReport:  # fmt: skip
    started = time.perf_counter()
    now = now or timezone.now()
    report = DigestReport()
    connection = get_connection()
    for frequency in frequencies:
        period = period_of(frequency, now, force)
        pool = None  # the period's new papers, loaded once for every user
        for user in selectors.users_following(frequency):
            pool = pool or NewPapers(digest_floor(frequency, now, None))
            _send_one(user, frequency, period, now, pool, connection, report)
    report.seconds = time.perf_counter() - started
    return report


def _send_one(user, frequency: str, period: str, now: dt.datetime, pool: NewPapers,
              connection, report: DigestReport) -> None:  # fmt: skip
    digest = selectors.digest_of(user, frequency, period)
    if digest and digest.status == Digest.Status.SENT:
        report.already_sent += 1
        return
    if digest is None:
        last = selectors.last_digest_sent(user, frequency)
        content = digest_content(user, frequency, now, last, pool)
        recommended = _for_you(user, frequency)
        if not content and not recommended:
            report.nothing_new += 1
            return
        digest = digest_create(user, frequency, period, {
            "searches": {str(k): v for k, v in content.items()}, "for_you": recommended,
        })  # fmt: skip
        if digest is None:  # another run made it meanwhile: that run sends it
            return
    message = build_message(user, digest)
    error = _send_with_retries(message, connection)
    if error:
        digest_failed(digest, settings.EMAIL_RETRIES + 1, error)
        report.failed.append(f"{user.username}: {error}")
        return
    digest_sent(digest)
    report.sent += 1


def _for_you(user, frequency: str) -> list[int]:
    """The "For you" section: recommendations of the last week not mailed before."""
    if selectors.for_you_alert(user) != frequency:
        return []
    mailed = selectors.mailed_for_you(user)
    found = for_you(user, days=7, k=FOR_YOU_IN_DIGEST + len(mailed))
    return [r.paper_id for r in found if r.paper_id not in mailed][:FOR_YOU_IN_DIGEST]


def _send_with_retries(message: EmailMultiAlternatives, connection) -> str:
    """'' once sent; else the last error, after EMAIL_RETRIES retries with backoff."""
    error = ""
    for attempt in range(settings.EMAIL_RETRIES + 1):
        if attempt:
            time.sleep(settings.EMAIL_BACKOFF_SECONDS * 2 ** (attempt - 1))
        try:
            message.connection = connection
            message.send()
            return ""
        except (OSError, ConnectionError) as failure:  # smtplib's errors are OSErrors
            error = f"{type(failure).__name__}: {failure}"
            logger.warning("mail to %s failed (try %d): %s", message.to, attempt + 1, error)
            connection.close()
    return error


def build_message(user, digest: Digest) -> EmailMultiAlternatives:
    searches = {int(k): v for k, v in digest.content["searches"].items()}
    saved = selectors.saved_searches_by_id(list(searches))
    papers = papers_by_id([pid for ids in searches.values() for pid in ids])
    sections = [_section(user, saved[sid], [papers[p] for p in ids if p in papers])
                for sid, ids in searches.items() if sid in saved]  # fmt: skip
    recommended = papers_by_id(digest.content.get("for_you", []))
    for_you_papers = [(recommended[p], absolute(reverse("frontend:paper",
                                                        args=[recommended[p].arxiv_id])))
                      for p in digest.content.get("for_you", []) if p in recommended]  # fmt: skip
    count = sum(len(section["papers"]) for section in sections) + len(for_you_papers)
    unsubscribe = _unsubscribe_url(user, list(saved), for_you=bool(for_you_papers))
    context = {"user": user, "sections": sections, "count": count, "unsubscribe": unsubscribe,
               "for_you": for_you_papers, "for_you_url": absolute(reverse("frontend:for-you")),
               "frequency": digest.frequency, "site": settings.SITE_URL,
               "account": absolute(reverse("frontend:account"))}  # fmt: skip
    names = ", ".join(
        [f'"{section["search"].name}"' for section in sections[:2]]
        + (["you"] if for_you_papers and len(sections) < 2 else [])
    )
    more = f" and {len(sections) - 2} more" if len(sections) > 2 else ""
    subject = f"Paperscope: {count} new paper{'s' if count != 1 else ''} for {names}{more}"
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Paperscope digests <digests.paperscope>",
        "Auto-Submitted": "auto-generated",
    }
    message = DigestMessage(
        subject=subject,
        body=render_to_string("following/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(render_to_string("following/email/digest.html", context),
                               "text/html")  # fmt: skip
    return message


class DigestMessage(EmailMultiAlternatives):
    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        # One line a header (RFC 5322 allows 998 characters): folded, the long
        # List-Unsubscribe URL would start its line with whitespace, which unsubscribe
        # tools that read the header naively trip on.
        msg.policy = msg.policy.clone(max_line_length=998)
        return msg


def _section(user, saved: SavedSearch, papers: list[Paper]) -> dict:
    query = {k: v for k, v in selectors.saved_search_fields(saved).items()
             if k in SEARCH_FIELDS and v not in (None, "", [])}  # fmt: skip
    return {
        "search": saved,
        "papers": [(paper, absolute(reverse("frontend:paper", args=[paper.arxiv_id])))
                   for paper in papers],
        "url": absolute(reverse("frontend:saved-search", args=[saved.id])),
        "results_url": absolute(f"{reverse('frontend:search')}?{urlencode(query, doseq=True)}"),
        "unsubscribe": _unsubscribe_url(user, [saved.id]),
    }  # fmt: skip


def _unsubscribe_url(user, saved_ids: list[int], for_you: bool = False) -> str:
    token = unsubscribe_token(user.id, saved_ids, for_you)
    return absolute(reverse("frontend:unsubscribe", args=[token]))


def unsubscribe_token(user_id: int, saved_ids: list[int], for_you: bool = False) -> str:
    data = {"u": user_id, "s": sorted(saved_ids)} | ({"f": 1} if for_you else {})
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, list[int], bool] | None:
    """(user id, saved search ids, the For-you digest too), or None when the link was
    tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    ids = data.get("s")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return None
    return data["u"], ids, bool(data.get("f"))


def absolute(path: str) -> str:
    return settings.SITE_URL + path
