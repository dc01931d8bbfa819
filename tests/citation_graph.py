"""A small citation graph over the site corpus (tests/conftest.py's `corpus`), stored as
the harvest stores it (papers.services.citations_store).

    diffusion (2025-03, cited by 75) cites ppo, agents, "Attention" (arXiv, not held)
        and "Long Short-Term Memory" (a DOI, not held);
    transformers (2025-06, cited by 40) cites diffusion and ppo;
    ppo (2025-01, cited by 120) cites nothing; agents: Semantic Scholar does not know it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from papers.models import Paper
from papers.services import citations_store
from papers.sources.semantic_scholar import CitationRecord, CitedWork

ATTENTION = CitedWork("arxiv:1706.03762", arxiv_id="1706.03762",
                      title="Attention is all you need", year=2017)  # fmt: skip
LSTM = CitedWork("doi:10.1162/neco.1997.9.8.1735", doi="10.1162/neco.1997.9.8.1735",
                 title="Long Short-Term Memory", year=1997)  # fmt: skip


def work(paper: Paper) -> CitedWork:
    return CitedWork(f"arxiv:{paper.arxiv_id}", arxiv_id=paper.arxiv_id, title=paper.title,
                     year=paper.published.year if paper.published else None)  # fmt: skip


def cite(citing: Paper, *works: Paper | CitedWork, cited_by: int = 0,
         checked: dt.datetime | None = None) -> None:  # fmt: skip
    """Store what Semantic Scholar says of `citing`, as read at `checked` (now by default)."""
    refs = [w if isinstance(w, CitedWork) else work(w) for w in works]
    citations_store([citing.id], [CitationRecord(cited_by, len(refs), cited_by // 10, refs)],
                    checked or timezone.now())  # fmt: skip


def build(corpus: list[Paper]) -> dict[str, Paper]:
    ppo, transformers, diffusion, agents = corpus
    cite(diffusion, ppo, agents, ATTENTION, LSTM, cited_by=75)
    cite(transformers, diffusion, ppo, cited_by=40)
    cite(ppo, cited_by=120)
    citations_store([agents.id], [None], timezone.now())
    names = ("ppo", "transformers", "diffusion", "agents")
    return {name: Paper.objects.get(id=p.id) for name, p in zip(names, corpus, strict=True)}
