"""Snippets: the window richest in the query's words, matches marked, the rest escaped."""

from search.snippets import PREFIX_SCAN_TERMS, snippet


def test_word_forms_of_the_query_are_marked():
    html = snippet("Training transformers: we trained a transformer.", {"train", "transform"})
    assert html == ("<mark>Training</mark> <mark>transformers</mark>: we <mark>trained</mark> "
                    "a <mark>transformer</mark>.")  # fmt: skip


def test_the_richest_window_is_chosen_with_ellipses():
    text = " ".join(["filler"] * 50 + ["graph", "attention", "graph"] + ["filler"] * 50)
    html = snippet(text, {"graph", "attent"}, length=60)
    assert html.startswith("… ") and html.endswith(" …")
    assert html.count("<mark>") == 3 and 60 <= len(html.replace("<mark>", "")) < 140


def test_the_first_of_the_richest_windows_and_whole_words():
    text = "Graph models. " + "x" * 100 + " graph again, then graph networks."
    html = snippet(text, {"graph"}, length=40)
    assert html.startswith("<mark>Graph</mark>") is False  # one match there, two later
    assert html.startswith("… ") and html.count("<mark>") == 2
    assert snippet("graph " * 3, {"graph"}, length=11) == "<mark>graph</mark> <mark>graph</mark> …"


def test_words_that_only_start_like_a_term_are_not_marked():
    # "graphic" stems to "graphic", "study" to "studi" (its last letter changed).
    html = snippet("A graphic study of graphs and studies.", {"graph", "studi"})
    assert html == ("A graphic <mark>study</mark> of <mark>graphs</mark> and "
                    "<mark>studies</mark>.")  # fmt: skip


def test_markup_in_the_text_is_escaped_and_no_match_is_empty():
    html = snippet('<script>alert("graph")</script> graphs & <b>nodes</b>', {"graph"})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark>") == 2
    assert snippet("nothing here", {"graph"}) == "" and snippet("", {"graph"}) == ""


def test_a_pasted_abstracts_many_terms_mark_the_same_words():
    # Above PREFIX_SCAN_TERMS every word is analysed instead of scanning for prefixes.
    text = "A graphic study of graphs and studies; <b>graph</b> networks."
    terms = {"graph", "studi", "network"}
    many = terms | {f"unrelat{i}" for i in range(PREFIX_SCAN_TERMS)}
    assert snippet(text, many) == snippet(text, terms)
    assert snippet(text, many).count("<mark>") == 5
