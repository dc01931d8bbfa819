"""Finding a paper's code, models, data, demos and project page in its text (pure)."""

from hypothesis import given
from hypothesis import strategies as st

from papers.links import clean_url, found_links, kinds_of


def links(abstract: str, comments: str = "", source: tuple[str, ...] = ()) -> list[tuple]:
    return [(link.kind, link.url) for link in found_links(abstract, comments, source)]


def test_the_full_stop_after_a_url_is_not_part_of_it():
    assert links("Code is available at https://github.com/ami/pico.") == [
        ("code", "https://github.com/ami/pico")
    ]


def test_a_space_after_the_scheme_is_closed_up():
    assert links("Code is available at https: //github.com/clips/yarn.") == [
        ("code", "https://github.com/clips/yarn")
    ]


def test_brackets_commas_and_latex_are_cleaned_off():
    assert links("(code: https://github.com/a/b), see \\href{https://github.com/c/d_e}"
                 "{https://github.com/c/d\\_e}; and github.com/f/g.git, too") == [
        ("code", "https://github.com/a/b"), ("code", "https://github.com/c/d_e"),
        ("code", "https://github.com/f/g"),
    ]  # fmt: skip
    assert clean_url("https://en.wikipedia.org/wiki/Rust_(language))") == (
        "https://en.wikipedia.org/wiki/Rust_(language)"
    )


def test_each_kind_of_link():
    text = (
        "Models at https://huggingface.co/acme/tiny-llm and data at "
        "https://huggingface.co/datasets/acme/tiny-set; try the demo at "
        "https://huggingface.co/spaces/acme/tiny-demo. Data: https://zenodo.org/records/1234, "
        "https://www.kaggle.com/datasets/acme/x, https://figshare.com/articles/dataset/x/1. "
        "Video: https://youtu.be/abc123. Project page: https://acme.github.io/tiny/. "
        "Code on https://gitlab.com/acme/tiny and https://anonymous.4open.science/r/tiny-7F2."
    )
    assert links(text) == [
        ("model", "https://huggingface.co/acme/tiny-llm"),
        ("data", "https://huggingface.co/datasets/acme/tiny-set"),
        ("demo", "https://huggingface.co/spaces/acme/tiny-demo"),
        ("data", "https://zenodo.org/records/1234"),
        ("data", "https://kaggle.com/datasets/acme/x"),
        ("data", "https://figshare.com/articles/dataset/x/1"),
        ("demo", "https://youtu.be/abc123"),
        ("project", "https://acme.github.io/tiny"),
        ("code", "https://gitlab.com/acme/tiny"),
        ("code", "https://anonymous.4open.science/r/tiny-7F2"),
    ]


def test_a_tool_the_paper_used_is_not_its_code():
    assert links("We train a detector built on the MMDetection toolbox "
                 "(https://github.com/open-mmlab/mmdetection).") == []  # fmt: skip
    assert links("Using the official implementation of ViT (https://github.com/g/vit), we "
                 "probe it.") == []  # fmt: skip
    assert links(
        "Our implementation, built on PyTorch, is available at https://github.com/ours/method."
    ) == [("code", "https://github.com/ours/method")]


def test_pages_that_are_not_a_repository_are_left_out():
    assert links("See https://github.com/acme, https://bit.ly/xyz, https://github.com/ and "
                 "https://huggingface.co/docs/transformers.") == []  # fmt: skip
    # A plain site counts only when the text introduces it as the paper's page.
    assert links("As in prior work (http://www.cis.upenn.edu/~xtag/), we parse.") == []
    assert links("Results and videos: https://vcai.mpi-inf.mpg.de/projects/FRAME/") == [
        ("project", "https://vcai.mpi-inf.mpg.de/projects/FRAME")
    ]


def test_comments_and_the_sources_own_links_count_and_one_url_is_kept_once():
    found = found_links(
        "Code: https://github.com/a/b.",
        "12 pages; code at github.com/a/b",
        ["https://github.com/A/B", "https://huggingface.co/collections/a/b"],
    )
    assert [(link.kind, link.url, link.origin) for link in found] == [
        ("code", "https://github.com/A/B", "source"),
        # A page the source calls the paper's own is its project page, whatever it is.
        ("project", "https://huggingface.co/collections/a/b", "source"),
    ]
    assert kinds_of(found) == ["code", "project"]


def test_text_without_links_has_none():
    assert links("We study how models learn from data and report what we find.") == []


@given(st.text(max_size=300))
def test_any_text_gives_clean_https_urls(text):
    for link in found_links(text, text, [text]):
        assert link.url.startswith("https://")
        assert not any(ch.isspace() for ch in link.url)
        assert link.url[-1] not in ".,;:)"
