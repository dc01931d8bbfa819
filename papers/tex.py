# ruff: noqa: RUF001, RUF002, SIM905  (Unicode look-alikes are the subject here)
"""TeX in titles and abstracts: where its math spans are, and two plain forms of it.

Authors write math as `$…$` (sometimes `$$…$$`) or `\\(…\\)`; 7% of abstracts hold some.
Pages typeset those spans in the browser (KaTeX); what cannot show markup (feeds, mail,
<title>, snippets) reads `unicode_text`, where `$L_2$` is "L₂" and `$\\omega(1)$` is "ω(1)";
search reads `searchable_text`, where it is also "L2" and "omega(1)", so that people who
type either find it. The text outside the spans is left alone but for TeX's escapes
(`\\%`, `\\&`, …) and accents: abstracts use `%` and `~` as plain characters, which a
whole-text TeX reader would take for a comment and a space.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

# `$$…$$`, `$…$` (not an escaped `\$`; at most 400 characters, so that two prices far apart
# are not read as one formula) and `\(…\)`. Each opening `$` is looked behind after it
# is read: an expression that starts with a look-behind is tried at every character, and
# took five times as long (40 µs an abstract with TeX against 8).
MATH = re.compile(
    r"\$(?<!\\\$)\$(?P<display>[^$]{1,400}?)(?<!\\)\$\$"
    r"|\$(?<!\\\$)(?P<inline>[^$]{1,400}?)(?<!\\)\$"
    r"|\\\((?P<paren>.{1,400}?)\\\)",
    re.S,
)
_ESCAPES = re.compile(r"\\([%&$#_{}])")
# A text accent (\'e, \"{o}, \c{c}): the only TeX outside math worth reading.
_ACCENT = re.compile(r"\\(?:[`'^\"~=.]\s*|[ucvHkr](?:\s+|(?=\{)))(?:\{\\?[A-Za-z]\}|\\?[A-Za-z])")
# Text styled by a command (\\textbf{…}, \\emph{…}): the text alone.
_STYLED = re.compile(r"\\(?:text(?:bf|it|tt|sc|sf|rm|up|normal)|emph|mbox)\{([^{}$]*)\}")
# A sub- or superscript's argument: a group (one level of nesting), a command, a character.
_SCRIPT = re.compile(r"([_^])\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[^\s\\{}])")
# Characters with a Unicode sub- or superscript form: the two strings align.
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ",
                "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))  # fmt: skip
_SUP = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ⊤∗*′",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡᵀ**′",
                strict=True))  # fmt: skip
# Commands that only style or space what follows: their names are not words of the text.
_LAYOUT = frozenset(
    "mathcal mathbb mathrm mathbf mathit mathsf mathtt mathfrak mathscr boldsymbol bm text "
    "textrm textit textbf textsf texttt operatorname mbox left right big Big bigg Bigg bigl "
    "bigr Bigl Bigr frac dfrac tfrac sqrt cdot cdots ldots dots quad qquad limits displaystyle "
    "hat tilde bar vec widehat widetilde overline underline mathop".split()
)
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# A command and the space after it, which the reader would drop ("\\log n" read "logn").
_SPACED = re.compile(rf"\\(?!(?:{'|'.join(_LAYOUT)})\b)([A-Za-z]+)(\s+)")
_MARKUP = re.compile(r"[_^{}$\\]")


def _fraction(node, l2tobj: LatexNodes2Text) -> str:
    """a/b, with parentheses around a side of more than one word: "(1-β)/(1+β)"."""
    sides = [l2tobj.nodelist_to_text([arg]).strip() if arg is not None else ""
             for arg in node.nodeargd.argnlist[-2:]]  # fmt: skip
    return "/".join(side if len(side) <= 1 or side.isalnum() else f"({side})" for side in sides)


def _reader() -> LatexNodes2Text:
    context = get_default_latex_context_db()  # a fresh copy
    context.add_context_category("paperscope", prepend=True, macros=[
        *(MacroTextSpec(name, simplify_repl=_fraction) for name in ("frac", "dfrac", "tfrac")),
        *(MacroTextSpec(name, simplify_repl="%s") for name in (
            "texttt", "textsc", "textsf", "textup", "textnormal", "textmd", "mathtt", "mbox")),
    ])  # fmt: skip
    return LatexNodes2Text(math_mode="text", latex_context=context)


_READER = _reader()
# How TeX parses (each macro's arguments), built once: without it pylatexenc builds its
# default afresh for every text it reads, 40% of the time of converting an abstract.
_PARSING = latexwalker.get_default_latex_context_db()


def _text(latex: str) -> str:
    return _READER.latex_to_text(latex, latex_context=_PARSING)


# The reader logs every macro it cannot read; a span it cannot read stays as written.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)


def has_tex(text: str) -> bool:
    """Whether the text may hold TeX (a cheap test that never misses any)."""
    return "$" in text or "\\" in text


def math_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, source) of each math span, delimiters excluded from the source."""
    if not has_tex(text):
        return []
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None))
            for m in MATH.finditer(text)]  # fmt: skip


def unicode_text(text: str) -> str:
    """The text with its math spans in Unicode ("L₂", "ω(1)", "ℝⁿ") and TeX's escapes and
    accents resolved; what cannot be read stays as written."""
    return _unicode_tex(text) if has_tex(text) else text


def searchable_text(text: str) -> str:
    """What search reads of a text: its Unicode form with compatibility characters folded
    (NFKC: "L₂" is "L2", "ℝ" is "R", "ﬁ" is "fi"), each math span followed by its commands'
    names ("ω(1) omega(1)"). Queries go through it too, so "L2", "L₂" and "$L_2$" agree."""
    if has_tex(text):
        return _searchable_tex(text)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# Only texts that may hold TeX are cached (7% of abstracts): caching every abstract a
# process reads would keep thousands of them in each web worker for nothing.
@functools.lru_cache(maxsize=4096)
def _unicode_tex(text: str) -> str:
    return _replace_spans(text, math_unicode, _plain_unicode)


@functools.lru_cache(maxsize=4096)
def _searchable_tex(text: str) -> str:
    def span(source: str) -> str:
        shown = unicodedata.normalize("NFKC", math_unicode(source))
        named = " ".join(_MARKUP.sub("", _COMMAND.sub(_name, source.replace("}{", " "))).split())
        return shown if named == shown else f"{shown} {named}"

    return unicodedata.normalize("NFKC", _replace_spans(text, span, _plain_unicode))


# Spans repeat across abstracts ("$k$", "$\\times$", "$\\ell_1$"): of 2,561 in 1,385
# abstracts, 732 were distinct.
@functools.lru_cache(maxsize=8192)
def math_unicode(source: str) -> str:
    """One math span's Unicode form (the source itself where it cannot be read)."""
    try:
        scripted = _SCRIPT.sub(_script, _SPACED.sub(r"\\\1{}\2", source))
        text = " ".join(_text(scripted).split())
    except Exception:  # whatever the reader stumbles on, the span stays as written
        return source
    if not text:
        return source
    # The span's outer spaces stay: "$3 and $4" is two prices, not math.
    return source[: len(source) - len(source.lstrip())] + text + source[len(source.rstrip()):]


def _replace_spans(text: str, math, plain) -> str:
    parts, position = [], 0
    for start, end, source in math_spans(text):
        parts.append(plain(text[position:start]))
        parts.append(math(source))
        position = end
    parts.append(plain(text[position:]))
    return "".join(parts)


def _plain_unicode(segment: str) -> str:
    if "\\" not in segment:
        return segment
    segment = _STYLED.sub(r"\1", _ACCENT.sub(_accent, segment))
    return _ESCAPES.sub(r"\1", segment)


def _accent(match: re.Match) -> str:
    try:
        return unicodedata.normalize("NFC", _text(match.group()))
    except Exception:  # an accent that cannot be read stays as written
        return match.group()


def _script(match: re.Match) -> str:
    """A sub- or superscript in Unicode when every character of it has one; else the
    argument's text after a plain `_` or `^` (in parentheses when it is more than a word)."""
    mark, argument = match.groups()
    if argument.startswith("{"):
        argument = argument[1:-1]
    text = " ".join(_text(_SCRIPT.sub(_script, argument)).split())
    table = _SUB if mark == "_" else _SUP
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if len(text) <= 1 or text.isalnum():
        return f"{mark}{text}"
    return f"{mark}({text})"


def _name(match: re.Match) -> str:
    name = match.group(1)
    return " " if name in _LAYOUT else f" {name}"


_WORDS = re.compile(r"\S+")


def truncate_words(text: str, count: int) -> str:
    """The first `count` words and " …" (as Django's truncatewords), except that a math
    span the cut would fall in is kept whole."""
    words = [m.end() for m, _ in zip(_WORDS.finditer(text), range(count + 1), strict=False)]
    if len(words) <= count:
        return text
    cut = words[count - 1]
    for start, end, _ in math_spans(text):
        if start < cut < end:
            cut = end
    return text[:cut] + " …"
