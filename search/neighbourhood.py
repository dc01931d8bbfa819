"""A paper's neighbourhood, Connected Papers style: the papers it cites, the papers that
cite it and its nearest papers by meaning, with the citations among all of them. The
paper page draws it (frontend/static/frontend/graph.js) from the API's payload
(/api/v1/papers/{id}/graph/); its lists are the fallback."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from papers.models import Paper
from papers.selectors import citation_edges, paper_citers, paper_references
from search.pipeline import paper_similar

REFERENCES, CITERS, SIMILAR, OUTSIDE = 15, 15, 8, 8


@dataclass
class Node:
    key: str  # the arXiv id of a paper held here, else the cited work's identity
    title: str
    year: int | None
    citation_count: int | None
    relation: str  # self, reference, citer or similar
    label: str  # what the drawing writes beside it: first author's surname and year
    held: bool
    url: str  # its page here, else its arXiv or DOI page


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # cites (source cites target) or similar (by meaning)
    similarity: float | None = None


@dataclass
class Neighbourhood:
    paper: Paper
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    references: int = 0  # all it cites (held here or not)
    citers: int = 0  # papers held here that cite it


def paper_neighbourhood(paper: Paper) -> Neighbourhood:
    """The most cited of its references and citers held here, a few references held
    elsewhere, its nearest papers by meaning, and every citation among them."""
    hood = Neighbourhood(paper, [_paper_node(paper, "self")])
    held: dict[int, Node] = {paper.id: hood.nodes[0]}
    references = list(paper_references(paper))
    hood.references = len(references)
    by_citations = sorted((r.cited for r in references if r.cited), key=_most_cited)
    for cited in by_citations[:REFERENCES]:
        held.setdefault(cited.id, _paper_node(cited, "reference"))
    citers = paper_citers(paper, ordering="citations")
    hood.citers = citers.count()
    for citer in citers[:CITERS]:
        held.setdefault(citer.id, _paper_node(citer, "citer"))
    similar = paper_similar(paper, k=SIMILAR + len(held))
    for hit in [h for h in similar if h.paper.id not in held][:SIMILAR]:
        held[hit.paper.id] = _paper_node(hit.paper, "similar")
        hood.edges.append(Edge(paper.arxiv_id, hit.paper.arxiv_id, "similar",
                               round(hit.semantic_similarity or 0.0, 4)))  # fmt: skip
    hood.nodes = list(held.values())
    for citing, cited in citation_edges(held):
        hood.edges.append(Edge(held[citing].key, held[cited].key, "cites"))
    outside = [r for r in references if r.cited is None and (r.arxiv_id or r.doi)]
    for ref in outside[:OUTSIDE]:
        url = (
            f"https://arxiv.org/abs/{ref.arxiv_id}"
            if ref.arxiv_id
            else f"https://doi.org/{ref.doi}"
        )
        title = ref.title or ref.work
        label = node_label(None, title, ref.year)
        hood.nodes.append(Node(ref.work, title, ref.year, None, "reference", label=label,
                               held=False, url=url))  # fmt: skip
        hood.edges.append(Edge(paper.arxiv_id, ref.work, "cites"))
    return hood


def _paper_node(paper: Paper, relation: str) -> Node:
    year = paper.published.year if paper.published else None
    first = paper.authors[0] if paper.authors else None
    return Node(paper.arxiv_id, paper.title_text, year, paper.citation_count, relation,
                label=node_label(first, paper.title_text, year), held=True,
                url=reverse("frontend:paper", args=[paper.arxiv_id]))  # fmt: skip


def node_label(first_author: str | None, title: str, year: int | None) -> str:
    """ "Vaswani 2017" (surnames as arXiv writes them: "Vaswani, A." or "Ashish Vaswani"),
    else the title's first words."""
    if first_author and first_author.strip():
        name = first_author.split(",")[0] if "," in first_author else first_author.split()[-1]
    else:
        words = title.split()
        name = " ".join(words[:3]) + ("…" if len(words) > 3 else "")
    return f"{name.strip()} {year}" if year else name.strip()


def _most_cited(paper: Paper) -> tuple[int, str]:
    return -(paper.citation_count or 0), paper.arxiv_id
