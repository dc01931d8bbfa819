"""Snippets: the window richest in the query's words, matches marked, the rest escaped."""

from search.snippets import snippet


def test_word_forms_of_the_query_are_marked():
    html = snippet("Training transformers: we trained a transformer.", {"train", "transform"})
    assert html == ("<mark>Training</mark> <mark>transformers</mark>: we <mark>trained</mark> "
                    "a <mark>transformer</mark>.")  # fmt: skip


def test_the_richest_window_is_chosen_with_ellipses():
    text = " ".join(["filler"] * 50 + ["graph", "attention", "graph"] + ["filler"] * 50)
    html = snippet(text, {"graph", "attent"}, length=10)
    assert html.startswith("… ") and html.endswith(" …")
    assert html.count("<mark>") == 3 and len(html.split()) == 12


def test_markup_in_the_text_is_escaped_and_no_match_is_empty():
    html = snippet('<script>alert("graph")</script> graphs & <b>nodes</b>', {"graph"})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark>") == 2
    assert snippet("nothing here", {"graph"}) == "" and snippet("", {"graph"}) == ""
