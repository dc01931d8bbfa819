"""/authors/<name>/ and /api/v1/authors/<name>/: one person's papers however the name is
written, co-authors and years, and doubts said plainly, never guessed away."""

import datetime as dt

import pytest

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bengios():
    papers = [
        PaperFactory(title="Deep learning", authors=["Bengio, Yoshua", "Hinton, Geoffrey"],
                     published=dt.date(2015, 5, 1), citation_count=900, categories=["cs.LG"]),
        PaperFactory(title="Attention for translation", authors=["Dzmitry Bahdanau",
                     "Kyunghyun Cho", "Yoshua Bengio"], published=dt.date(2014, 9, 1),
                     citation_count=2000, categories=["cs.CL"]),
        PaperFactory(title="Curriculum learning", authors=["Y. Bengio", "Jason Weston"],
                     published=dt.date(2009, 6, 1), categories=["cs.LG"]),
        PaperFactory(title="Ranking with large margins", authors=["Samy Bengio",
                     "Jason Weston"], published=dt.date(2010, 1, 1), categories=["cs.IR"]),
    ]  # fmt: skip
    return papers


def titles(html: str) -> list[str]:
    import re

    return re.findall(r'class="paper-title tex"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize("written", ["Yoshua Bengio", "Bengio, Yoshua", "yoshua bengio",
                                     "Y. Bengio"])  # fmt: skip
def test_every_spelling_opens_the_same_person_and_samy_stays_apart(client, bengios, written):
    response = client.get(f"/authors/{written}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["Deep learning", "Attention for translation", "Curriculum learning"]
    assert "Ranking with large margins" not in html
    assert "<h1>Yoshua Bengio</h1>" in html
    assert "cited 2,900 times" in html
    assert 'href="/authors/Jason%20Weston/"' in html


def test_most_cited_first_and_the_api_says_the_same(client, bengios):
    old_first = client.get("/authors/Yoshua Bengio/").content.decode()
    assert titles(old_first)[0] == "Deep learning"
    html = client.get("/authors/Yoshua Bengio/", {"order": "cited"}).content.decode()
    # 2,000, 900, then the paper whose count is not harvested
    assert titles(html) == ["Attention for translation", "Deep learning", "Curriculum learning"]
    data = client.get("/api/v1/authors/Yoshua Bengio/", {"order": "cited"}).json()
    assert data["name"] == "Yoshua Bengio"
    titles_in_order = [p["title"] for p in data["papers"]]
    assert titles_in_order == ["Attention for translation", "Deep learning", "Curriculum learning"]
    assert data["total"] == 3 and data["citations"] == 2900
    assert {"name": "Jason Weston", "papers": 1} in data["coauthors"]
    assert data["years"] == [{"year": 2009, "papers": 1}, {"year": 2014, "papers": 1},
                             {"year": 2015, "papers": 1}]  # fmt: skip


def test_initials_shared_by_two_full_names_are_said_not_guessed(client, bengios):
    PaperFactory(title="Speech recognition", authors=["Yann Bengio"], categories=["eess.AS"])
    html = client.get("/authors/Yoshua Bengio/").content.decode()
    assert "Curriculum learning" not in titles(html)  # signed Y. Bengio: his, or Yann's
    assert "This name may be more than one person" in html
    assert 'href="/authors/Yann%20Bengio/"' in html
    initials = client.get("/authors/Y. Bengio/").content.decode()
    assert "could be any of" in initials and "Yann Bengio" in initials


def test_another_full_name_with_the_same_initial_is_no_doubt_without_initials(client):
    PaperFactory(title="Deep nets", authors=["Yoshua Bengio"])
    PaperFactory(title="Speech recognition", authors=["Yann Bengio"])
    html = client.get("/authors/Yoshua Bengio/").content.decode()
    assert titles(html) == ["Deep nets"] and "more than one person" not in html


def test_two_circles_in_different_fields_are_said_one_field_is_not(client):
    for n in range(3):
        PaperFactory(authors=["Wei Zhang", "Alice Alpha", f"Helper {n}"], categories=["cs.CV"])
        PaperFactory(authors=["Wei Zhang", "Bob Beta"], categories=["q-bio.GN"],
                     title=f"Genomes {n}")  # fmt: skip
        # One person's other team, in a neighbouring field of the same discipline: no doubt.
        PaperFactory(authors=["Ann Ng", "Carol Gamma"], categories=["cs.CL"])
        PaperFactory(authors=["Ann Ng", "Dan Delta"], categories=["stat.ML"])
    html = client.get("/authors/Wei Zhang/").content.decode()
    assert "groups that share no co-author" in html
    assert "mostly cs.CV" in html and "mostly q-bio.GN" in html
    one_person = client.get("/authors/Ann Ng/").content.decode()
    assert "<h1>Ann Ng</h1>" in one_person and "share no co-author" not in one_person


@pytest.mark.parametrize(("path", "field"), [
    ("/authors/Yoshua Bengio/?order=oldest", "order"),
    ("/authors/Yoshua Bengio/?page=0", "page"),
    ("/authors/" + "x" * 300 + "/", "name"),
])  # fmt: skip
def test_bad_parameters_are_a_400_naming_the_field(client, bengios, path, field):
    response = client.get(path)
    assert response.status_code == 400
    assert field in response.content.decode()


def test_an_unknown_name_is_a_404(client, bengios):
    assert client.get("/authors/Nobody Atall/").status_code == 404
    assert client.get("/api/v1/authors/Nobody Atall/").status_code == 404


def test_cards_and_the_paper_page_link_each_author(client, bengios):
    page = client.get(f"/papers/{bengios[1].arxiv_id}/").content.decode()
    assert 'href="/authors/Dzmitry%20Bahdanau/"' in page
    home = client.get("/").content.decode()
    assert 'href="/authors/Kyunghyun%20Cho/"' in home
