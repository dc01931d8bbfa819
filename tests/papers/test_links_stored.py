"""Links are stored as data when papers are imported, re-imported and backfilled: one row
a link (kind, normalised URL), the kinds on the paper row, and the comments they came from.

transactional_db: the importer writes from a thread of its own connection."""

from io import StringIO

import pytest
from django.core.management import call_command

from papers.models import Paper, PaperLink
from tests.papers.helpers import read_all
from tests.papers.test_import_command import paper, run_import, write_jsonl

pytestmark = pytest.mark.django_db(transaction=True)


def stored(arxiv_id: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    row = Paper.objects.get(arxiv_id=arxiv_id)
    links = [(link.kind, link.url, link.origin) for link in row.links.order_by("position")]
    return row.link_kinds, links


def test_an_import_stores_the_links_of_abstracts_and_comments(tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", [
        paper(1, abstract="Code is available at https://github.com/ami/pico."),
        paper(2, comments="9 pages. Weights: https://huggingface.co/ami/pico-7b"),
        paper(3),
    ]))  # fmt: skip
    assert stored("2501.00001") == (["code"], [("code", "https://github.com/ami/pico", "abstract")])
    assert stored("2501.00002") == (
        ["model"],
        [("model", "https://huggingface.co/ami/pico-7b", "comments")],
    )
    assert stored("2501.00003") == ([], [])
    assert Paper.objects.get(arxiv_id="2501.00002").comments.startswith("9 pages.")


def test_a_source_without_comments_keeps_their_links_and_a_new_abstract_replaces_its_own(tmp_path):
    first = [
        paper(1, abstract="Code: https://github.com/a/b.", comments="Data: zenodo.org/records/7")
    ]
    run_import(write_jsonl(tmp_path / "a.jsonl", first))
    # A later source with the same abstract and no comments (Hugging Face's daily list).
    run_import(
        write_jsonl(tmp_path / "b.jsonl", [paper(1, abstract="Code: https://github.com/a/b.")])
    )
    assert stored("2501.00001")[0] == ["code", "data"]
    # The authors moved their code; the comments still name the data.
    run_import(
        write_jsonl(tmp_path / "c.jsonl", [paper(1, abstract="Code: https://gitlab.com/a/b")])
    )
    assert stored("2501.00001") == (["code", "data"], [
        ("code", "https://gitlab.com/a/b", "abstract"),
        ("data", "https://zenodo.org/records/7", "comments"),
    ])  # fmt: skip


def test_the_backfill_finds_links_stored_papers_lack(tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", [
        paper(1, abstract="Project page: https://ami.github.io/pico/"), paper(2)]))  # fmt: skip
    PaperLink.objects.all().delete()
    Paper.objects.update(link_kinds=[])
    out = StringIO()
    call_command("extract_links", stdout=out)
    assert stored("2501.00001") == (["project"], [("project", "https://ami.github.io/pico",
                                                   "abstract")])  # fmt: skip
    assert "2 papers: 0 with code" in out.getvalue() and "1 with project" in out.getvalue()


def test_every_arxiv_source_reads_the_comments_and_hugging_face_its_links(samples):
    oai, _, _ = read_all(samples / "arxiv_oai_pmh" / "arXivRaw_ListRecordsResponse.xml")
    assert oai[0].comments == "16 pages, 14 figures"
    atom, _, _ = read_all(samples / "arxiv_atom" / "api2026_id_list_1707.08567_34authors.xml")
    assert atom[0].comments.startswith("44 pages, editors for the proceedings")
    snapshot, _, _ = read_all(
        samples / "kaggle_arxiv_snapshot" / "arxiv-metadata-oai-snapshot.first50.jsonl"
    )
    assert snapshot[0].comments == "37 pages, 15 figures; published version"
    hf, _, _ = read_all(samples / "hf_daily_papers" / "daily_papers_date_2026-08-18.json")
    assert hf[0].source_links == [
        "https://github.com/usail-hkust/VibeWorlding-Gym",
        "https://huggingface.co/collections/usail-hkust/vibeworlder",
    ]
