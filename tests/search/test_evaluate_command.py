"""manage.py evaluate on a small BEIR directory: figures per mode, in a database of its
own (the user's papers are never touched), and documents excluded by metadata.paper_id."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from papers.models import Paper
from search.metrics import ndcg_at
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = {
    "2501.00001": "Clipped surrogate objectives keep policy-gradient RL stable.",
    "2501.00002": "Vision transformers split images into patches and classify them with attention.",
    "2501.00003": "Denoising diffusion models generate images by reversing a noising process.",
    "2501.00004": "Low-rank adapters fine-tune large language models with few parameters.",
    "2501.00005": "Graph neural networks pass messages between the nodes of molecular graphs.",
}
QUERIES = {
    "q1": ("Proximal policy optimization for RL agents", "2501.00001"),
    "q2": ("Image recognition with transformers", "2501.00002"),
    "q3": ("Parameter-efficient fine-tuning of LLMs", "2501.00004"),
}


@pytest.fixture
def beir_dir(tmp_path):
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": i, "title": "", "text": t}) + "\n" for i, t in DOCS.items())
    )
    queries = [{"_id": q, "text": text} for q, (text, _) in QUERIES.items()]
    # A query whose own paper is in the corpus must not find itself.
    queries.append({"_id": "q4", "text": DOCS["2501.00005"],
                    "metadata": {"paper_id": "2501.00005"}})  # fmt: skip
    (tmp_path / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    qrels = "".join(f"{q}\t{doc}\t1\n" for q, (_, doc) in QUERIES.items())
    (tmp_path / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + qrels + "q4\t2501.00003\t1\n"
    )
    return tmp_path


def test_every_mode_is_measured_in_an_isolated_database(beir_dir, capfd, tmp_path):
    mine = PaperFactory(arxiv_id="2401.99999")
    call_command("evaluate", str(beir_dir), "--run", str(tmp_path / "run.txt"),
                 stdout=StringIO())  # fmt: skip
    output = capfd.readouterr().out
    figures = json.loads(output.strip().splitlines()[-1])
    assert set(figures) == {"hybrid", "semantic", "keyword"}
    rankings = read_run(tmp_path / "run.txt")
    for name, mode in figures.items():
        assert set(mode) >= {"ndcg@10", "mrr@10", "recall@100", "p50_ms", "p95_ms"}
        assert mode["queries"] == 4
        ranked = rankings[name]
        for query in ("q2", "q3"):  # their words and meaning name one paper each
            assert ranked[query][0] == QUERIES[query][1], (name, query, ranked[query])
        assert "2501.00005" not in ranked.get("q4", []), name  # q4 is that paper's own text
        # The figures are the run's: recomputed from the rankings written.
        relevant = {q: {doc: 1} for q, (_, doc) in QUERIES.items()} | {"q4": {"2501.00003": 1}}
        expected = sum(ndcg_at(10, ranked.get(q, []), relevant[q]) for q in relevant) / 4
        assert mode["ndcg@10"] == pytest.approx(expected, abs=1e-4)
    assert len(rankings["semantic"]["q4"]) == 4  # every other paper: the exclusion was tried
    assert "nDCG@10" in output
    assert list(Paper.objects.all()) == [mine]


def read_run(path) -> dict[str, dict[str, list[str]]]:
    """{mode: {query: [document, ...] by rank}} from a TREC run file."""
    rankings: dict = {}
    for line in path.read_text().splitlines():
        query, _, doc, rank, _, mode = line.split()
        ranked = rankings.setdefault(mode, {}).setdefault(query, [])
        assert int(rank) == len(ranked) + 1
        ranked.append(doc)
    return rankings


def test_not_a_beir_directory(tmp_path):
    with pytest.raises(CommandError, match=r"no corpus\.jsonl"):
        call_command("evaluate", str(tmp_path))
