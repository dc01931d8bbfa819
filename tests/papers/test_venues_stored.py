"""A paper's venue (and Semantic Scholar's author ids) from every harvest: arXiv's
journal-ref and comments on import, then Semantic Scholar's venue fields with the citation
counts; the strongest reading stands (published over accepted over a workshop) and a
re-import without them loses nothing."""

import pytest

from papers.models import Paper
from papers.services import citations_store, paper_bulk_upsert
from papers.sources.record import build_record
from papers.sources.semantic_scholar import read_batch

pytestmark = pytest.mark.django_db


def record(**fields):
    return build_record(position="line 1", source="arxiv_jsonl", arxiv_id="2405.00001",
                        title="A paper", abstract="We study it.", **fields)  # fmt: skip


def stored() -> Paper:
    return Paper.objects.get(arxiv_id="2405.00001")


def test_comments_then_semantic_scholar_then_a_bare_reimport():
    paper_bulk_upsert([record(comments="12 pages; accepted at NeurIPS 2024 (spotlight)")])
    paper = stored()
    assert (paper.venue, paper.venue_year, paper.venue_status, paper.venue_source,
            paper.venue_track) == ("NeurIPS", 2024, "accepted", "comments",
                                   "spotlight")  # fmt: skip
    assert paper.venue_badge == "Accepted at NeurIPS 2024 (spotlight)"

    answer = (b'[{"citationCount": 3, "referenceCount": 0, "influentialCitationCount": 0,'
              b' "venue": "Neural Information Processing Systems", "year": 2024,'
              b' "publicationTypes": ["Conference"], "references": [],'
              b' "authors": [{"authorId": "1751762", "name": "Yoshua Bengio"},'
              b' {"authorId": null, "name": "A. N. Other"}]}]')  # fmt: skip
    citations_store([paper.id], read_batch(answer, 1), paper.modified)
    paper = stored()
    assert (paper.venue_status, paper.venue_source) == ("published", "semantic-scholar")
    assert paper.s2_venue["venue"] == "Neural Information Processing Systems"
    assert paper.s2_author_ids == ["1751762", ""]  # Semantic Scholar's ids, kept

    # A source without comments (Hugging Face's feed, say) changes nothing of it.
    paper_bulk_upsert([record(comments="")])
    paper = stored()
    assert (paper.venue, paper.venue_status, paper.comments) == (
        "NeurIPS", "published", "12 pages; accepted at NeurIPS 2024 (spotlight)")


def test_a_journal_ref_wins_and_plans_are_no_venue():
    paper_bulk_upsert([record(comments="Submitted to ICML 2025")])
    assert stored().venue == ""
    paper_bulk_upsert([record(comments="Submitted to ICML 2025",
                              journal_ref="IEEE Transactions on Pattern Analysis and "
                              "Machine Intelligence, 2025")])  # fmt: skip
    paper = stored()
    assert (paper.venue, paper.venue_year, paper.venue_status, paper.venue_source) == (
        "TPAMI", 2025, "published", "journal-ref")


def test_a_revised_record_of_a_paper_with_a_semantic_scholar_venue_is_written():
    # The stored venue is read again from the whole row, Semantic Scholar's part included
    # (a jsonb column, which Django's connection reads as text).
    paper_bulk_upsert([record(comments="accepted at NeurIPS 2024")])
    answer = (b'[{"citationCount": 3, "referenceCount": 0, "influentialCitationCount": 0,'
              b' "venue": "Neural Information Processing Systems", "year": 2024,'
              b' "publicationTypes": ["Conference"], "references": [], "authors": []}]')
    citations_store([stored().id], read_batch(answer, 1), stored().modified)

    result = paper_bulk_upsert([build_record(position="line 2", source="arxiv_jsonl",
                                             arxiv_id="2405.00001", title="A paper, revised",
                                             abstract="We study it.")])  # fmt: skip

    paper = stored()
    assert (result.updated, paper.title) == (1, "A paper, revised")
    assert (paper.venue, paper.venue_status, paper.venue_source) == (
        "NeurIPS", "published", "semantic-scholar")
