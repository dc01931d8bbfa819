"""Build a second query-by-example dev set from another signal: var/eval/qbe-mentions/.

bench/qbe_dev.py judges relatedness by shared authors. This set judges it the way a
reference does: a paper whose title coins a name ("FooNet: …") is related to the later
papers that name it in their own title or abstract (they build on it, compare with it or
extend it). The query is the coining paper's title and abstract with the name itself
masked: a pasted draft rarely names the work it should find, so the set asks for the
meaning, not for one rare token, and does not lean to keyword matching the way
co-authorship does (co-authors reuse their phrasing).

A name counts when it is coined (it starts the title, before a colon), looks like a name
(one token of 5 to 30 characters, since shorter acronyms collide across fields ("SST",
"PAC"), with a capital or a digit past its first letter, so
"SimCLR" or "GPT4Rec" but not "Towards"), is no ordinary word (its lower-case form is
not written in lower case anywhere in the corpus: not "ACCIDENT" or "POEM"), and is
named, spelt the same, by MIN_RELEVANT to MAX_RELEVANT later papers. A later paper that
names it in its title is grade 2, in its abstract alone grade 1.

    python bench/qbe_mentions.py && .venv/bin/python manage.py evaluate var/eval/qbe-mentions
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict

from corpus import REPO_DIR, shared_papers, write_corpus

QUERIES = 400
MIN_RELEVANT, MAX_RELEVANT = 3, 40
SEED = 11
OUT = REPO_DIR / "var" / "eval" / "qbe-mentions"
_COINED = re.compile(r"^\s*([A-Za-z][A-Za-z0-9\-]{4,29})\s*:")
_LOOKS_LIKE_A_NAME = re.compile(r"^.+[A-Z0-9]")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Za-z0-9]")


def coined_name(title: str) -> str | None:
    match = _COINED.match(title)
    if match and _LOOKS_LIKE_A_NAME.match(match.group(1)) and not match.group(1).isdigit():
        return match.group(1)
    return None


def masked(text: str, name: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", "our method", text)


def main() -> None:
    docs = shared_papers()
    # Where each name is written as coined (whole token): title or abstract; and which
    # names are also ordinary words, written in lower case.
    in_title: dict[str, set[int]] = defaultdict(set)
    in_abstract: dict[str, set[int]] = defaultdict(set)
    names = {i: coined_name(doc["title"]) for i, doc in enumerate(docs)}
    wanted = set(filter(None, names.values()))
    lower = {name.lower() for name in wanted}
    words: set[str] = set()
    for i, doc in enumerate(docs):
        for field, where in (("title", in_title), ("abstract", in_abstract)):
            for token in _TOKEN.findall(doc[field]):
                if token in wanted:
                    where[token].add(i)
                elif token in lower:
                    words.add(token)

    rng = random.Random(SEED)
    queries, qrels = [], []
    for i in rng.sample(range(len(docs)), len(docs)):
        name = names[i]
        if not name or name.lower() in words:
            continue
        day = docs[i]["published"]
        later = {j for j in in_title[name] | in_abstract[name]
                 if j != i and docs[j]["published"] >= day}  # fmt: skip
        if not MIN_RELEVANT <= len(later) <= MAX_RELEVANT:
            continue
        # A name coined twice (two papers' titles) is ambiguous: neither is the source.
        if any(names[j] == name for j in later):
            continue
        query_id = f"q{len(queries)}"
        text = masked(f"{docs[i]['title']}. {docs[i]['abstract']}", name)
        queries.append({"_id": query_id, "text": " ".join(text.split()),
                        "metadata": {"paper_id": docs[i]["id"], "name": name}})  # fmt: skip
        qrels += [(query_id, docs[j]["id"], 2 if j in in_title[name] else 1)
                  for j in sorted(later)]  # fmt: skip
        if len(queries) == QUERIES:
            break

    (OUT / "qrels").mkdir(parents=True, exist_ok=True)
    write_corpus(OUT / "corpus.jsonl", docs)
    with open(OUT / "queries.jsonl", "w") as out:
        out.writelines(json.dumps(q) + "\n" for q in queries)
    with open(OUT / "qrels" / "test.tsv", "w") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        out.writelines(f"{q}\t{d}\t{s}\n" for q, d, s in qrels)
    print(f"{OUT}: {len(docs)} documents, {len(queries)} queries, "
          f"{len(qrels) / max(len(queries), 1):.1f} relevant each")  # fmt: skip


if __name__ == "__main__":
    main()
