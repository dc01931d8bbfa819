"""manage.py evaluate_recommendations on a small directory: every reference and our
recommender measured, in a database of its own, candidates after each user's cutoff."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from papers.models import Paper
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)

OLD, NEW = "2025-01-10", "2025-12-01"
DOCS = [
    ("a1", "Denoising diffusion models", "Images by reversing a noising process.", OLD),
    ("a2", "Latent diffusion for images", "Diffusion in a latent space of an autoencoder.", OLD),
    ("b1", "Robot grasping from images", "A robot arm learns grasps from camera images.", OLD),
    ("b2", "Dexterous robot hands", "Robot hands learn in-hand manipulation.", OLD),
    ("n1", "Faster diffusion sampling", "Fewer steps for denoising diffusion image models.", NEW),
    ("n2", "Grasping unseen objects with robot hands", "A robot grasps new objects.", NEW),
    ("n3", "Scaling laws for language models", "Loss falls as a power law in compute.", NEW),
]


@pytest.fixture
def recs_dir(tmp_path):
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text("".join(
        json.dumps({"_id": i, "title": t, "text": a, "categories": ["cs.LG", "68T07 (Primary)"],
                    "published": d}) + "\n" for i, t, a, d in DOCS))  # fmt: skip
    libraries = [{"_id": "u1", "library": ["a1", "a2"], "cutoff": "2025-06-01"},
                 {"_id": "u2", "library": ["b1", "b2"], "cutoff": "2025-06-01"}]  # fmt: skip
    (tmp_path / "libraries.jsonl").write_text("".join(json.dumps(u) + "\n" for u in libraries))
    (tmp_path / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nu1\tn1\t1\nu2\tn2\t1\n"
    )
    return tmp_path


def test_references_and_ours_are_measured_in_an_isolated_database(recs_dir, capfd):
    mine = PaperFactory(arxiv_id="2401.99999")
    call_command("evaluate_recommendations", str(recs_dir), stdout=StringIO())
    output = capfd.readouterr().out
    figures = json.loads(output.strip().splitlines()[-1])
    assert set(figures) == {"centroid", "best cosine", "linear SVM", "ours"}
    assert figures["ours"]["users"] == 2
    assert figures["ours"]["ndcg@20"] == 1.0  # each user's next paper comes first
    assert figures["best cosine"]["recall@100"] == 1.0
    assert "nDCG@20" in output
    assert list(Paper.objects.all()) == [mine]


def test_a_directory_without_libraries_is_refused(tmp_path):
    (tmp_path / "corpus.jsonl").write_text("")
    with pytest.raises(CommandError, match=r"lacks libraries\.jsonl"):
        call_command("evaluate_recommendations", str(tmp_path))
