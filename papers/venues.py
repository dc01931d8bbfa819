"""Where a paper was accepted or published, read from what the harvests bring: arXiv's
`journal-ref` and comments ("Accepted at NeurIPS 2024", "ICLR 2025 (oral)", "To appear in
CVPR"), and Semantic Scholar's venue fields.

A venue is a short name from VENUES (its aliases written as authors write them), a year,
a status and where it was read:
- `published`: a journal reference, Semantic Scholar's venue, "Published in …",
  "Proceedings of …";
- `accepted`: "Accepted at/to/by/in …", "To appear in …", "camera-ready", a track (oral,
  spotlight, poster, Findings), or a venue and year named alone in the comments;
- `workshop`: any of those at a venue's workshop.
Plans are not acceptances: "Submitted to NeurIPS", "Under review at ICLR", "in
submission", "rejected from" and the like give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Short name: aliases (regular expressions, matched case-insensitively on word bounds,
# except where an alias is all capitals: then its case must match, so that "ACL" the
# venue is not "acl" the word).
VENUES: dict[str, tuple[str, ...]] = {
    "NeurIPS": ("NeurIPS", "NIPS", r"Neural Information Processing Systems"),
    "ICML": ("ICML", r"International Conference on Machine Learning"),
    "ICLR": ("ICLR", r"International Conference on Learning Representations"),
    "CVPR": ("CVPR", r"(?:IEEE/CVF )?Conference on Computer Vision and Pattern Recognition"),
    "ICCV": ("ICCV", r"International Conference on Computer Vision"),
    "ECCV": ("ECCV", r"European Conference on Computer Vision"),
    "ACL": ("ACL", r"Annual Meeting of the Association for Computational Linguistics"),
    "EMNLP": ("EMNLP", r"(?:Conference on )?Empirical Methods in Natural Language Processing"),
    "NAACL": ("NAACL", r"North American Chapter of the Association for Computational "
              r"Linguistics"),
    "EACL": ("EACL", r"European Chapter of the Association for Computational Linguistics"),
    "COLING": ("COLING", r"International Conference on Computational Linguistics"),
    "TACL": ("TACL", r"Transactions of the Association for Computational Linguistics"),
    "AAAI": ("AAAI", r"AAAI Conference on Artificial Intelligence"),
    "IJCAI": ("IJCAI", r"International Joint Conference on Artificial Intelligence"),
    "KDD": ("KDD", "SIGKDD", r"Knowledge Discovery and Data Mining"),
    "WWW": ("WWW", r"The Web Conference", r"World Wide Web Conference"),
    "SIGIR": ("SIGIR",),
    "WSDM": ("WSDM",),
    "CIKM": ("CIKM",),
    "RecSys": ("RecSys",),
    "AISTATS": ("AISTATS", r"Artificial Intelligence and Statistics"),
    "UAI": ("UAI", r"Uncertainty in Artificial Intelligence"),
    "COLT": ("COLT", r"Conference on Learning Theory"),
    "CoRL": ("CoRL", r"Conference on Robot Learning"),
    "RSS": ("RSS", r"Robotics: Science and Systems"),
    "ICRA": ("ICRA", r"International Conference on Robotics and Automation"),
    "IROS": ("IROS", r"International Conference on Intelligent Robots and Systems"),
    "MICCAI": ("MICCAI", r"Medical Image Computing and Computer[- ]Assisted Intervention"),
    "WACV": ("WACV", r"Winter Conference on Applications of Computer Vision"),
    "BMVC": ("BMVC", r"British Machine Vision Conference"),
    "Interspeech": ("INTERSPEECH", "Interspeech"),
    "ICASSP": ("ICASSP", r"International Conference on Acoustics, Speech,? and Signal "
               r"Processing"),
    "TMLR": ("TMLR", r"Transactions on Machine Learning Research"),
    "JMLR": ("JMLR", r"Journal of Machine Learning Research"),
    "TPAMI": ("TPAMI", "PAMI", r"Transactions on Pattern Analysis and Machine Intelligence"),
    "IJCV": ("IJCV", r"International Journal of Computer Vision"),
    "Nature Machine Intelligence": (r"Nature Machine Intelligence",),
    "Nature Communications": (r"Nature Communications",),
    "Nature": (r"Nature(?! (?:Machine|Communications|Methods))",),
    "Science": (r"Science(?! (?:and|&|Advances|China|Robotics))",),
    "ICDM": ("ICDM",),
    "SDM": ("SDM", r"SIAM International Conference on Data Mining"),
    "LREC": ("LREC",),
    "CHI": ("CHI", r"Conference on Human Factors in Computing Systems"),
    "MLSys": ("MLSys", "SysML"),
    "L4DC": ("L4DC", r"Learning for Dynamics and Control"),
    "ALT": ("ALT", r"Algorithmic Learning Theory"),
    "ICDE": ("ICDE",),
    "VLDB": ("VLDB", "PVLDB"),
    "SIGGRAPH": ("SIGGRAPH(?: Asia)?",),
    "3DV": ("3DV",),
    "ICPR": ("ICPR",),
    "ISBI": ("ISBI",),
    "FAccT": ("FAccT", "FAT\\*"),
    "CoLLAs": ("CoLLAs",),
    "AutoML": ("AutoML-Conf", r"AutoML Conference"),
    "LoG": (r"Learning on Graphs Conference",),
}


class Status:
    PUBLISHED = "published"
    ACCEPTED = "accepted"
    WORKSHOP = "workshop"


STATUS_RANK = {Status.PUBLISHED: 3, Status.ACCEPTED: 2, Status.WORKSHOP: 1}


class Source:
    JOURNAL_REF = "journal-ref"
    COMMENTS = "comments"
    SEMANTIC_SCHOLAR = "semantic-scholar"


SOURCE_RANK = {Source.JOURNAL_REF: 3, Source.SEMANTIC_SCHOLAR: 2, Source.COMMENTS: 1}
STATUS_WORDS = {Status.ACCEPTED: "Accepted at", Status.PUBLISHED: "Published in",
                Status.WORKSHOP: "Workshop at"}  # fmt: skip


@dataclass(frozen=True)
class Venue:
    name: str  # a key of VENUES
    year: int | None
    status: str  # Status.*
    source: str  # Source.*
    track: str = ""  # oral, spotlight, poster, findings, … as written

    @property
    def badge(self) -> str:
        """What a card says: "Accepted at NeurIPS 2024 (oral)", "Published in TPAMI 2023",
        "Workshop at ICML 2023"."""
        text = f"{self.name} {self.year}" if self.year else self.name
        text = f"{STATUS_WORDS[self.status]} {text}"
        return f"{text} ({self.track})" if self.track else text


def _alias_pattern(alias: str) -> str:
    # All-capital short names must match in case; long names and mixed case need not.
    if re.fullmatch(r"[A-Z0-9*\\]+", alias):
        return f"(?-i:{alias})"
    return alias


# One named group per venue: the match's group says which.
_VENUE = re.compile(
    r"(?<![A-Za-z0-9])(?:" + "|".join(
        f"(?P<v{i}>{'|'.join(_alias_pattern(a) for a in aliases)})"
        for i, aliases in enumerate(VENUES.values())
    ) + r")(?![A-Za-z])",  # "CVPR2022", "ICML-24", "NAACL-HLT", "LREC-COLING"
    re.I,
)  # fmt: skip
_NAME_OF_GROUP = {f"v{i}": name for i, name in enumerate(VENUES)}

# A plan or a refusal anywhere before the venue: no acceptance.
_NOT_YET = re.compile(
    r"\b(?:submitted|submission|under review|under consideration|in review|for review|"
    r"review(?:ed)? (?:at|for|by)|rejected|withdrawn|resubmi|to be submitted|"
    r"preprint (?:for|of) (?:a )?(?:submission|paper submitted)|planned|intended|targeting|"
    r"not (?:yet )?(?:accepted|published|peer[- ]reviewed)|extended version of (?:a|our) "
    r"submission)\b",
    re.I,
)
_ACCEPTED = re.compile(
    r"\b(?:accepted|acceptance|to appear|will appear|forthcoming|camera[- ]ready|"
    r"conditionally accepted|oral|spotlight|poster|highlight|findings|main conference|"
    r"main track)\b",
    re.I,
)
_PUBLISHED = re.compile(r"\b(?:published|appeared|appears|proceedings|proc\.|journal|"
                        r"advances in)\b", re.I)  # fmt: skip
_WORKSHOP = re.compile(r"\b(?:workshop|w/s|ws)\b", re.I)
_TRACK = re.compile(r"\b(oral|spotlight|poster|highlight|findings|best paper(?: award)?)\b",
                    re.I)  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)")
# NeurIPS'23, ICML-24, CVPR24: a two-digit year stuck to the venue's short name. Not a
# volume with its issue or pages: "TPAMI 45(3):1234", "JMLR 24:1-30".
_SHORT_YEAR = re.compile(r"^\s*(?:'|’|-)?(\d{2})(?!\d|\s*[(:])")  # noqa: RUF001


def venue_from_text(text: str, source: str) -> Venue | None:
    """The venue an arXiv field names as the paper's (comments or journal-ref), or None:
    no venue named, or only a plan ("Submitted to NeurIPS")."""
    if not text or not text.strip():
        return None
    text = " ".join(text.split())
    best: Venue | None = None
    for clause in _clauses(text):
        found = _venue_in(clause, source)
        if found and (best is None or STATUS_RANK[found.status] > STATUS_RANK[best.status]):
            best = found
    return best


def _clauses(text: str) -> list[str]:
    # Comments run several facts together ("12 pages; accepted at ICML 2024; code at …").
    return [c for c in re.split(r"\s*[;|]\s*|\.\s+(?=[A-Z])|\n", text) if c.strip()]


def _venue_in(clause: str, source: str) -> Venue | None:
    match = _VENUE.search(clause)
    if match is None:
        return None
    name = _NAME_OF_GROUP[match.lastgroup]
    before = clause[: match.start()]
    if _NOT_YET.search(before) or (_NOT_YET.search(clause) and not _ACCEPTED.search(clause)):
        return None
    year = _year(clause, match)
    workshop = bool(_WORKSHOP.search(clause))
    track = _TRACK.search(clause)
    if source == Source.JOURNAL_REF:
        status = Status.PUBLISHED
    elif _ACCEPTED.search(clause):
        status = Status.ACCEPTED
    elif _PUBLISHED.search(clause):
        status = Status.PUBLISHED
    elif year is not None:
        # A venue and a year alone in the comments ("NeurIPS 2023", "ICML'24"): its
        # acceptance, as authors write it once a paper is in.
        status = Status.ACCEPTED
    else:
        return None  # a venue without a year or a verb: "compared with NeurIPS baselines"
    if workshop:
        status = Status.WORKSHOP
    return Venue(name, year, status, source, track.group(1).lower() if track else "")


def _year(clause: str, match: re.Match) -> int | None:
    # The four-digit year nearest the name; else two digits after a short name ("ICML-24").
    # Two digits are a journal's volume as often ("JMLR 25 (2024)"), and after a long name
    # always ("Neural Information Processing Systems 35").
    years = [(abs(m.start() - match.end()), int(m.group())) for m in _YEAR.finditer(clause)]
    if years:
        return min(years)[1]
    short = " " not in match.group() and _SHORT_YEAR.match(clause[match.end():])
    return 2000 + int(short.group(1)) if short else None


def venue_from_semantic_scholar(item: dict) -> Venue | None:
    """The venue Semantic Scholar gives a paper (its `venue`, `publicationVenue`,
    `journal` and `publicationTypes`), or None for arXiv alone or a venue not known here."""
    names = [item.get("venue") or ""]
    publication = item.get("publicationVenue") or {}
    if isinstance(publication, dict):
        names += [publication.get("name") or "", *(publication.get("alternate_names") or [])]
    journal = item.get("journal") or {}
    if isinstance(journal, dict):
        names.append(journal.get("name") or "")
    for name in names:
        if not isinstance(name, str) or not name or "arxiv" in name.lower():
            continue
        match = _VENUE.search(name)
        if match is None:
            continue
        year = item.get("year") if isinstance(item.get("year"), int) else None
        status = Status.WORKSHOP if _WORKSHOP.search(name) else Status.PUBLISHED
        return Venue(_NAME_OF_GROUP[match.lastgroup], year, status, Source.SEMANTIC_SCHOLAR)
    return None


def best_venue(*found: Venue | None) -> Venue | None:
    """The strongest of several readings: published over accepted over a workshop, then
    a journal reference over Semantic Scholar over the comments."""
    candidates = [v for v in found if v is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda v: (STATUS_RANK[v.status], SOURCE_RANK[v.source]))


def venue_of(journal_ref: str, comments: str) -> Venue | None:
    """A paper's venue from its arXiv fields."""
    return best_venue(venue_from_text(journal_ref, Source.JOURNAL_REF),
                      venue_from_text(comments, Source.COMMENTS))  # fmt: skip


def paper_venue(journal_ref: str, comments: str, s2_venue: dict | None) -> Venue | None:
    """A paper's venue from everything the harvests brought."""
    return best_venue(venue_from_text(journal_ref, Source.JOURNAL_REF),
                      venue_from_text(comments, Source.COMMENTS),
                      venue_from_semantic_scholar(s2_venue or {}))  # fmt: skip


# The paper's columns that hold its venue, in the order venue_columns gives them.
VENUE_COLUMNS = ("venue", "venue_year", "venue_status", "venue_source", "venue_track")


def venue_columns(found: Venue | None) -> tuple:
    if found is None:
        return ("", None, "", "", "")
    return (found.name, found.year, found.status, found.source, found.track[:30])


_FILTER_YEAR = re.compile(r"^(?P<name>.*?)[\s'’-]*(?P<year>(?:19|20)\d{2}|\d{2})?$")  # noqa: RUF001


def parse_venue_filter(value: str) -> tuple[str, int | None]:
    """("NeurIPS", 2024) from "NeurIPS 2024", "neurips'24", "nips" (→ ("NeurIPS", None));
    raises ValueError naming the venues known for one not known here."""
    match = _FILTER_YEAR.match(" ".join(value.split()))
    name, year = match.group("name").strip().casefold(), match.group("year")
    for venue, aliases in VENUES.items():
        if name == venue.casefold() or any(
                re.fullmatch(alias, name, re.I) for alias in aliases):  # fmt: skip
            if year is None:
                return venue, None
            return venue, int(year) if len(year) == 4 else 2000 + int(year)
    raise ValueError(f"{value!r} is not a venue known here; known: {', '.join(VENUES)}")


def venue_label(venue: str, year: int | None) -> str:
    """ "NeurIPS 2024", or "NeurIPS" for any year: what parse_venue_filter reads back."""
    return f"{venue} {year}" if year is not None else venue
