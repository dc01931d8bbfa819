# ruff: noqa: RUF001  (Unicode look-alikes are the subject here)
"""TeX in titles and abstracts read two ways: Unicode for places without markup, and the
form search indexes and queries share (papers/tex.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papers.tex import math_spans, searchable_text, truncate_words, unicode_text


@pytest.mark.parametrize(("tex", "text"), [
    ("Recursive Bias Estimation and $L_2$ Boosting", "Recursive Bias Estimation and L₂ Boosting"),
    ("an $\\omega(1)$-dimensional space", "an ω(1)-dimensional space"),
    ("$\\mathbb{R}^n$ and $O(n \\log n)$", "ℝⁿ and O(n log n)"),
    ("$\\ell_1$ and $x_{\\text{max}}$, $W^{-1}$, $A^\\top$", "ℓ₁ and xₘₐₓ, W⁻¹, Aᵀ"),
    ("$\\frac{1-\\beta}{1+\\beta}$ and $\\frac12$", "(1-β)/(1+β) and 1/2"),
    ("\\(\\alpha\\)-divergences", "α-divergences"),
    ("$$\\epsilon$$-DP", "ϵ-DP"),
    ("$\\mathcal{O}(\\sqrt{T})$ regret", "𝒪(√(T)) regret"),
    ("$x_{\\mathrm{adv}}$", "x_adv"),  # no Unicode subscript d: a plain underscore
    # Outside math only escapes, accents and styled text are read.
    ("Erd\\H{o}s and G\\\"odel at 5\\% \\& more", "Erdős and Gödel at 5% & more"),
    ("We introduce \\texttt{YC-Bench}.", "We introduce YC-Bench."),
    # Plain text stays as it is: % is not a comment, ~ not a space, a lone $ a dollar.
    ("Accuracy rose 5% to ~90% for $3 a run.", "Accuracy rose 5% to ~90% for $3 a run."),
    ("costs $3 and $4", "costs 3 and 4"),  # two dollars are a span, as KaTeX sees them too
    ("an escaped \\$5 price", "an escaped $5 price"),
])  # fmt: skip
def test_unicode_form(tex, text):
    assert unicode_text(tex) == text


@pytest.mark.parametrize("bad", ["$\\frac{a}$", "$\\begin{matrix} a$", "$}{$", "$\\$"])
def test_a_span_that_cannot_be_read_stays_as_written(bad):
    assert unicode_text(f"see {bad} here").startswith("see ")
    assert "\\frac{a}" in unicode_text("see $\\frac{a}$")


@pytest.mark.parametrize(("tex", "words"), [
    ("Recursive Bias Estimation and $L_2$ Boosting", "L2 Boosting"),
    ("an $\\omega(1)$-dimensional space", "omega(1)-dimensional"),
    ("an $\\omega(1)$-dimensional space", "ω(1)"),
    ("$\\ell_1$ regularisation", "l1 regularisation"),
    ("L₂ regularisation", "L2 regularisation"),  # Unicode written directly folds too
    ("eﬃcient ﬁne-tuning", "efficient fine-tuning"),
])  # fmt: skip
def test_search_reads_both_the_unicode_and_the_names(tex, words):
    assert words in searchable_text(tex)


def test_search_form_of_plain_ascii_is_the_text_itself():
    text = "Attention is all you need (100% of it)."
    assert searchable_text(text) is text or searchable_text(text) == text


def test_math_spans_find_each_delimiter_and_skip_escaped_dollars():
    text = "a $x$ b \\(y\\) c $$z$$ d \\$5"
    assert [source for _, _, source in math_spans(text)] == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("\\$5 and \\$6", []),
        ("\\$$x$", ["x"]),  # the escaped dollar is text; the next one opens a span
        ("$$y$$ then \\$$z$ and $\\$$", ["y", "z"]),  # nor closes one
        ("\\$$$w$$", ["w"]),
    ],
)
def test_a_dollar_after_a_backslash_never_opens_a_span(text, sources):
    assert [source for _, _, source in math_spans(text)] == sources


def test_truncation_never_cuts_a_span_in_two():
    text = "one two $O(n \\log n)$ three four"
    assert truncate_words(text, 3) == "one two $O(n \\log n)$ …"
    assert truncate_words(text, 2) == "one two …"
    assert truncate_words(text, 10) == text


@given(st.text(alphabet=st.sampled_from(list("ab $\\_^{}()%~12αℓ₂")), max_size=60))
def test_any_text_reads_without_error(text):
    # Whatever authors type, both forms come back as text and never raise.
    assert isinstance(unicode_text(text), str)
    assert isinstance(searchable_text(text), str)
