"""Harvesting arXiv through OAI-PMH (`ListRecords`, `arXivRaw` metadata).

One harvest covers a range of days (OAI datestamps, inclusive) for each OAI set that
covers HARVEST_CATEGORIES. Progress lives in HarvestState: the range, the sets still to
do and the resumption token in flight. Each page's papers and the token that follows
them are committed together, so a harvest killed at any moment resumes at the page after
the last one stored, and re-running a page is harmless (the upsert leaves unchanged
papers alone).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from papers.harvest.client import HarvestFailed, PoliteClient
from papers.harvest.runs import recorded_run
from papers.importer import upsert_isolating_failures
from papers.models import HarvestState
from papers.services import UpsertResult
from papers.sources.arxiv_oai import OaiPage, read_page
from papers.sources.record import PaperRecord
from papers.tasks import enqueue_embedding

SOURCE = "arxiv"
# Archives whose OAI set sits under physics ("physics:hep-th"); every other archive is a
# set of its own ("cs", "stat", "math", "eess", "q-bio", ...).
_PHYSICS_ARCHIVES = {
    "astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph",
    "nlin", "nucl-ex", "nucl-th", "physics", "quant-ph",
}  # fmt: skip


class OaiError(HarvestFailed):
    """The repository answered with an OAI-PMH error (badArgument, badResumptionToken...)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"OAI-PMH error {code}: {message}")
        self.code = code


@dataclass
class HarvestOutcome:
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    pages: int = 0
    records: int = 0  # records read, in scope or not
    upserts: UpsertResult = field(default_factory=UpsertResult)
    out_of_scope: int = 0  # records with none of HARVEST_CATEGORIES
    rejected: list[str] = field(default_factory=list)
    resumed: bool = False


def oai_sets(categories: Sequence[str]) -> list[str]:
    """The OAI sets that hold these categories, in a stable order."""
    sets = []
    for category in categories:
        archive = category.split(".", 1)[0]
        name = f"physics:{archive}" if archive in _PHYSICS_ARCHIVES else archive
        if name not in sets:
            sets.append(name)
    return sets


def harvest_arxiv(
    base_url: str | None = None,
    from_day: dt.date | None = None,
    until_day: dt.date | None = None,
    *,
    client: PoliteClient | None = None,
    on_page: Callable[[HarvestOutcome], None] = lambda outcome: None,
    on_rejected: Callable[[str], None] = lambda message: None,
) -> HarvestOutcome:
    """Harvest [from_day, until_day] (defaults: the day after the last complete harvest,
    and today), resuming the one in flight when it covers the same range. Raises
    HarvestFailed (OaiError, Unreachable) with a message that says where to resume."""
    base_url = base_url or settings.ARXIV_OAI_URL
    client = client or PoliteClient()
    categories = set(settings.HARVEST_CATEGORIES)
    state, _ = HarvestState.objects.get_or_create(source=SOURCE)
    flight = _flight(state, from_day, until_day)
    outcome = HarvestOutcome(dt.date.fromisoformat(flight["from"]),
                             dt.date.fromisoformat(flight["until"]),
                             resumed=bool(flight.get("token")))  # fmt: skip
    if outcome.first_day > outcome.last_day:
        return outcome  # already harvested to today
    with recorded_run(SOURCE) as run:
        while flight["sets"]:
            set_name = flight["sets"][0]
            while True:
                page = _fetch(client, base_url, flight, set_name, outcome)
                if page.error_code == "noRecordsMatch":
                    break
                if page.error_code == "noSetHierarchy" and set_name:
                    # A repository without sets: everything, filtered here by category.
                    flight["sets"], set_name = [""], ""
                    _save(state, flight)
                    continue
                if page.error_code:
                    _give_up(state, flight, page)
                _store(page, flight, state, categories, outcome, on_rejected)
                run.add(outcome.upserts, len(outcome.rejected))
                on_page(outcome)
                if not page.token:
                    break
            flight["sets"].pop(0)
            flight["token"] = None
            _save(state, flight)
        state.harvested_until = max(filter(None, (state.harvested_until, outcome.last_day)))
        state.in_flight = {}
        state.save()
    return outcome


def _flight(state: HarvestState, from_day: dt.date | None, until_day: dt.date | None) -> dict:
    """The harvest to run: the one in flight when it is the one asked for, else a new one."""
    flight = state.in_flight or {}
    wanted_from = from_day.isoformat() if from_day else None
    wanted_until = until_day.isoformat() if until_day else None
    if (
        flight
        and (wanted_from in (None, flight["from"]))
        and (wanted_until in (None, flight["until"]))
    ):
        return flight
    today = dt.datetime.now(dt.UTC).date()
    if from_day is None:
        if state.harvested_until:
            from_day = state.harvested_until + dt.timedelta(days=1)
        else:
            from_day = today - dt.timedelta(days=settings.HARVEST_FIRST_DAYS)
    return {"from": from_day.isoformat(), "until": (until_day or today).isoformat(),
            "sets": oai_sets(settings.HARVEST_CATEGORIES), "token": None}  # fmt: skip


def _fetch(client: PoliteClient, base_url: str, flight: dict, set_name: str,
           outcome: HarvestOutcome) -> OaiPage:  # fmt: skip
    if flight.get("token"):
        params = {"verb": "ListRecords", "resumptionToken": flight["token"]}
    else:
        params = {"verb": "ListRecords", "metadataPrefix": "arXivRaw",
                  "from": flight["from"], "until": flight["until"]}  # fmt: skip
        if set_name:
            params["set"] = set_name
    first_entry = outcome.records + 1
    try:
        page = client.get(base_url, params, lambda body: read_page(io.BytesIO(body), first_entry))
    except HarvestFailed as error:
        raise type(error)(f"{error}. {_where(flight, set_name)}") from None
    outcome.pages += 1
    return page


def _store(page: OaiPage, flight: dict, state: HarvestState, categories: set[str],
           outcome: HarvestOutcome, on_rejected: Callable[[str], None]) -> None:  # fmt: skip
    """The page's papers and the token after them, in one transaction."""

    def reject(message: str) -> None:
        message = f"page {outcome.pages}, {message}"
        outcome.rejected.append(message)
        on_rejected(message)

    records: list[PaperRecord] = []
    for item in page.items:
        outcome.records += 1
        if not isinstance(item, PaperRecord):
            reject(str(item))
        elif categories.isdisjoint(item.categories):
            outcome.out_of_scope += 1
        else:
            records.append(item)
    with transaction.atomic():
        result = upsert_isolating_failures(records, reject) if records else UpsertResult()
        flight["token"] = page.token
        _save(state, flight)
    outcome.upserts.add(result)
    # After the commit, so a worker never looks for papers not yet visible. When the
    # broker is down the sweeper embeds them later; the keyword index follows by itself.
    enqueue_embedding(result.changed_ids)


def _give_up(state: HarvestState, flight: dict, page: OaiPage) -> None:
    if page.error_code == "badResumptionToken":
        # Tokens expire: this range restarts from its first page (the upsert makes the
        # pages stored already harmless to read again).
        flight["token"] = None
        _save(state, flight)
        hint = (f"The next `manage.py harvest` restarts {flight['from']}..{flight['until']} "
                "from its first page.")  # fmt: skip
    else:
        _save(state, {})  # a request the server refuses: nothing to resume
        hint = "Check --from and --until (YYYY-MM-DD) and --url." if (
            page.error_code == "badArgument") else ""  # fmt: skip
    raise OaiError(page.error_code, f"{page.error_message}. {hint}".strip())


def _save(state: HarvestState, flight: dict) -> None:
    state.in_flight = flight
    state.save(update_fields=["in_flight"])


def _where(flight: dict, set_name: str) -> str:
    token = f", at resumption token {flight['token']!r}" if flight.get("token") else ""
    where = f"set {set_name!r}" if set_name else "all sets"
    return (
        f"Stopped in {where} of the harvest {flight['from']}..{flight['until']}{token}; "
        "run `manage.py harvest` again to resume from there"
    )
