"""manage.py harvest — follow arXiv (OAI-PMH, arXivRaw), Hugging Face daily upvotes, or
(--citations) the citation graph from Semantic Scholar.

Exit status: 0 when done (no matching records is success), 1 when the source could not
be reached (retries or the 429 budget ran out; rerun to resume), 2 when the repository
refused the request with an OAI-PMH error (badArgument, badResumptionToken, ...).
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from papers.harvest.arxiv import HarvestOutcome, OaiError, harvest_arxiv
from papers.harvest.citations import CitationOutcome, harvest_citations
from papers.harvest.client import HarvestFailed
from papers.harvest.hf_daily import harvest_hf_daily
from papers.signals import harvest_finished


def day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


day.__name__ = "date"  # argparse names the type in its error: "invalid date value"


class Command(BaseCommand):
    help = (
        "Harvest new and changed arXiv papers in HARVEST_CATEGORIES through OAI-PMH "
        "(resumes a harvest that stopped), or, with --hf-daily, Hugging Face upvotes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="from_day", type=day, metavar="YYYY-MM-DD",
                            help="first day (default: the day after the last harvest)")  # fmt: skip
        parser.add_argument("--until", dest="until_day", type=day, metavar="YYYY-MM-DD",
                            help="last day, inclusive (default: today, UTC)")  # fmt: skip
        parser.add_argument("--url", help=f"OAI-PMH base URL (default: {settings.ARXIV_OAI_URL}"
                            "; with --hf-daily, the Hugging Face base URL)")  # fmt: skip
        parser.add_argument("--hf-daily", nargs="?", const="today", metavar="DATE",
                            help="Hugging Face daily papers of DATE (default today)")  # fmt: skip
        parser.add_argument("--citations", action="store_true",
                            help="references and citation counts from Semantic Scholar "
                                 "(S2_API_URL, S2_API_KEY) of the papers never asked")  # fmt: skip
        parser.add_argument("--since", type=day, metavar="YYYY-MM-DD",
                            help="with --citations: also ask again about papers published "
                                 "since this day")  # fmt: skip
        parser.add_argument("--refresh", action="store_true",
                            help="with --citations: ask again about every paper known")  # fmt: skip
        parser.add_argument("--limit", type=int, metavar="N",
                            help="with --citations: ask about N papers at most (the next "
                                 "run goes on from there)")  # fmt: skip
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, from_day, until_day, url, hf_daily, citations, since, refresh,
               limit, no_progress, **options):  # fmt: skip
        if from_day and until_day and from_day > until_day:
            raise CommandError("--from is after --until")
        if (since or refresh or limit is not None) and not citations:
            raise CommandError("--since, --refresh and --limit go with --citations")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        if citations and (hf_daily is not None or from_day or until_day):
            raise CommandError("--citations goes alone (with --since, --refresh, --url)")
        try:
            if citations:
                self._citations(url, since, refresh, limit, no_progress)
            elif hf_daily is not None:
                self._hf_daily(hf_daily, url)
            else:
                self._arxiv(url, from_day, until_day, no_progress)
        except OaiError as error:
            raise CommandError(str(error), returncode=2) from None
        except HarvestFailed as error:
            raise CommandError(str(error), returncode=1) from None

    def _arxiv(self, url, from_day, until_day, no_progress) -> None:
        started = time.perf_counter()
        with tqdm(unit=" records", desc="harvesting", disable=True if no_progress else None,
                  dynamic_ncols=True) as bar:  # fmt: skip

            def page_done(outcome: HarvestOutcome) -> None:
                bar.update(outcome.records - bar.n)
                bar.set_postfix(pages=outcome.pages, stored=outcome.upserts.created
                                + outcome.upserts.updated)  # fmt: skip

            def rejected(message: str) -> None:
                text = self.style.WARNING(f"skipped {message}")
                self.stderr.write(text) if bar.disable else bar.write(text, file=sys.stderr)

            outcome = harvest_arxiv(url, from_day, until_day, on_page=page_done,
                                    on_rejected=rejected)  # fmt: skip
        seconds = time.perf_counter() - started
        if outcome.first_day > outcome.last_day:
            self.stdout.write(f"Nothing to harvest: done up to {outcome.last_day}.")
            return
        u = outcome.upserts
        harvest_finished.send(Command, source="arxiv", created=u.created)
        self.stdout.write(
            f"Harvested {outcome.first_day}..{outcome.last_day}"
            f"{' (resumed)' if outcome.resumed else ''}: {outcome.pages} pages, "
            f"{outcome.records} records in {seconds:.1f}s ({outcome.records / seconds:,.0f}/s); "
            f"created {u.created}, updated {u.updated}, unchanged {u.unchanged}, "
            f"outside {', '.join(settings.HARVEST_CATEGORIES)} {outcome.out_of_scope}, "
            f"skipped {len(outcome.rejected)}"
        )

    def _citations(self, url, since, refresh, limit, no_progress) -> None:
        started = time.perf_counter()
        with tqdm(unit=" papers", desc="citations", disable=True if no_progress else None,
                  dynamic_ncols=True) as bar:  # fmt: skip

            def batch_done(outcome: CitationOutcome) -> None:
                bar.update(outcome.asked - bar.n)
                bar.set_postfix(known=outcome.stored.known, edges=outcome.stored.edges)

            def failed(message: str) -> None:
                text = self.style.WARNING(f"skipped {message}")
                self.stderr.write(text) if bar.disable else bar.write(text, file=sys.stderr)

            outcome = harvest_citations(url, since, refresh, limit=limit, on_batch=batch_done,
                                        on_failed=failed)  # fmt: skip
        minutes = (time.perf_counter() - started) / 60
        s = outcome.stored
        self.stdout.write(
            f"Citations{' (resumed)' if outcome.resumed else ''}: asked about "
            f"{outcome.asked} papers in {outcome.batches} batches ({outcome.requests} requests, "
            f"{outcome.asked / minutes if minutes else 0:,.0f} papers/min); known {s.known}, "
            f"unknown {s.unknown}; {s.edges} references, {s.in_corpus} to papers held here; "
            f"waited {outcome.throttled_seconds:.0f} s when throttled; "
            f"batches skipped {len(outcome.failed)}"
        )

    def _hf_daily(self, value: str, url: str | None) -> None:
        try:
            when = None if value == "today" else day(value)
        except ValueError as error:
            raise CommandError(f"--hf-daily: {error}") from None
        result, rejected = harvest_hf_daily(
            when, url, on_rejected=lambda m: self.stderr.write(self.style.WARNING(f"skipped {m}"))
        )
        harvest_finished.send(Command, source="hf_daily", created=result.created)
        self.stdout.write(
            f"Hugging Face daily papers {when or 'today'}: created {result.created}, "
            f"updated {result.updated}, unchanged {result.unchanged}, skipped {len(rejected)}"
        )
