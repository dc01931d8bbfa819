"""Semantic Scholar's paper batch endpoint, replayed: answers in the shape of its
`POST /graph/v1/paper/batch` (a list in the order of the ids asked, `null` for an id it
does not know), from a small graph the test describes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from tests.papers.replay_server import Reply


def s2_paper(arxiv_id: str, references: list[dict] | None = None, cited_by: int = 0,
             influential: int = 0) -> dict:  # fmt: skip
    """One entry of the answer, as Semantic Scholar writes it."""
    references = references or []
    ids = {"ArXiv": arxiv_id, "DOI": f"10.48550/arXiv.{arxiv_id}",
           "CorpusId": int(_paper_id(arxiv_id)[:6], 16)}  # fmt: skip
    entry = {"paperId": _paper_id(arxiv_id), "externalIds": ids, "citationCount": cited_by,
             "referenceCount": len(references), "influentialCitationCount": influential,
             "references": references}  # fmt: skip
    return entry


def arxiv_reference(arxiv_id: str, title: str = "", year: int | None = 2024) -> dict:
    return {"paperId": _paper_id(arxiv_id), "title": title or f"Paper {arxiv_id}", "year": year,
            "externalIds": {"ArXiv": arxiv_id, "CorpusId": 7}}  # fmt: skip


def doi_reference(doi: str, title: str, year: int | None = 1998) -> dict:
    return {"paperId": _paper_id(doi), "title": title, "year": year,
            "externalIds": {"DOI": doi, "MAG": "2112796928"}}  # fmt: skip


@dataclass
class S2Graph:
    """Answers batches from `papers` ({arXiv id: entry}); ids not in it are unknown."""

    papers: dict[str, dict] = field(default_factory=dict)

    def reply(self, params: dict[str, str]) -> Reply:
        ids = json.loads(params["_body"])["ids"]
        answer = [self.papers.get(i.removeprefix("ARXIV:")) for i in ids]
        return Reply(json.dumps(answer).encode(), content_type="application/json")


def asked_ids(request: dict[str, str]) -> list[str]:
    return [i.removeprefix("ARXIV:") for i in json.loads(request["_body"])["ids"]]


def _paper_id(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()
