"""The seed listing page: title line, blank line, abstract; page chrome is not a paper."""

from tests.papers.helpers import read_all


def test_seed_listing_gives_its_65_papers(shared):
    records, rejected, _ = read_all(shared / "seeds" / "000_f0c7d5477d2e123d.txt")
    assert rejected == []
    assert len(records) == 65
    assert records[0].title == (
        "Revisiting Plasticity in Visual Reinforcement Learning: Data, Modules and Training Stages"
    )
    assert records[0].abstract.startswith("Plasticity, the ability of a neural network to evolve")
    assert records[0].abstract.endswith("resulting in superior sample efficiency.")
    assert (
        records[-1].title == "RandLoRA: Full-rank parameter-efficient fine-tuning of large models"
    )
    titles = {r.title for r in records}
    for chrome in ("new", "Subscribe", "Mar 11", "Get trending papers in your email inbox!"):
        assert chrome not in titles
    assert len({r.arxiv_id for r in records}) == 65
    assert all(r.arxiv_id.startswith("title:") for r in records)


def test_title_without_abstract_and_orphan_paragraph_are_reported(tmp_path):
    abstract = "We propose a method. " * 10
    path = tmp_path / "listing.txt"
    path.write_text(
        f"Header\n\nMar 11\n\nGood Paper\n\n{abstract}\n\nLonely Title\n\nAnother Good Paper\n\n"
        f"{abstract}\n\n{abstract}\n"
    )
    records, rejected, _ = read_all(path)
    assert [r.title for r in records] == ["Good Paper", "Another Good Paper"]
    assert [(r.position, r.reason) for r in rejected] == [
        ("line 9", "title 'Lonely Title' has no abstract after it"),
        ("line 15", "a paragraph with no title line before it"),
    ]
