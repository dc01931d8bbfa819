"""Constraints the database enforces for the corpus, embeddings and bookmarks."""

import pytest
from django.db import IntegrityError, connection

from papers.models import Bookmark, Embedding
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_paper_per_arxiv_id():
    PaperFactory(arxiv_id="2501.00001")
    with pytest.raises(IntegrityError):
        PaperFactory(arxiv_id="2501.00001")


def test_one_embedding_per_paper_and_model():
    paper = PaperFactory()
    Embedding.objects.create(paper=paper, model_name="m", vector=[0.1] * 384, text_hash="h")
    Embedding.objects.create(paper=paper, model_name="other", vector=[0.1] * 384, text_hash="h")
    with pytest.raises(IntegrityError):
        Embedding.objects.create(paper=paper, model_name="m", vector=[0.2] * 384, text_hash="h")


def test_one_bookmark_per_user_and_paper():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    paper = PaperFactory()
    Bookmark.objects.create(user=alice, paper=paper, tags=["to-read"])
    Bookmark.objects.create(user=bob, paper=paper)
    with pytest.raises(IntegrityError):
        Bookmark.objects.create(user=alice, paper=paper)


def test_the_schema_has_pgvector_and_the_indexes_search_needs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'vector'")
        assert cursor.fetchone() == ("vector",)
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'papers_%'")
        indexes = dict(cursor.fetchall())
    assert "USING hnsw (vector halfvec_cosine_ops)" in indexes["embedding_vector_hnsw"]
    assert "(modified)" in indexes["paper_modified"]  # what keyword index writers follow
