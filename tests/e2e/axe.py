"""axe-core in Chromium: a page's serious or critical violations, and text drawn in its
background's colour (axe files a 1:1 contrast under "incomplete", not as a violation, so
it is checked here by hand). Counts print at the end of the run."""

import hashlib
from collections import Counter
from pathlib import Path

from tests.conftest import RUN_FIGURES

AXE = Path(__file__).parent / "assets" / "axe-core-4.14.1.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
BLOCKING = ("serious", "critical")
ILLEGIBLE = 1.1  # a contrast ratio this low is text in its background's colour
# "Incomplete" results that are defects all the same: an aria-describedby (say) naming an
# element the page does not have.
INCOMPLETE_FAILS = ("aria-valid-attr-value",)

FIGURES = Counter()
RUN_FIGURES["Accessibility (axe-core 4.14.1)"] = FIGURES

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations', 'incomplete']});
    const slim = (items) => items.map(r => ({
        id: r.id, impact: r.impact, help: r.help,
        nodes: r.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                                  data: (n.any[0] || {}).data || null}))}));
    return {violations: slim(result.violations), incomplete: slim(result.incomplete)};
}"""


def axe_problems(page, pages: dict[str, str], shot) -> list[str]:
    """Each page through axe-core (and saved to var/screenshots/): its blocking problems."""
    source = AXE.read_text()
    assert hashlib.sha256(source.encode()).hexdigest() == AXE_SHA256, "axe-core changed"
    problems = []
    for name, path in pages.items():
        page.goto(path)
        if name == "map":
            page.wait_for_function("window.paperscopeMap && paperscopeMap.ready")
        if name == "paper":
            page.wait_for_selector("figure.graph svg")
        shot(page, name)
        page.add_script_tag(content=source)
        result = page.evaluate(RUN_AXE)
        FIGURES["pages"] += 1
        for rule in result["violations"]:
            FIGURES[f"violations ({rule['impact']}): {rule['id']}"] += len(rule["nodes"])
            if rule["impact"] in BLOCKING:
                targets = ", ".join(n["target"] for n in rule["nodes"][:5])
                problems.append(f"{name}: {rule['id']} ({rule['impact']}): {rule['help']}: "
                                f"{len(rule['nodes'])} nodes: {targets}")  # fmt: skip
        for rule in result["incomplete"]:
            FIGURES[f"incomplete {rule['id']}"] += len(rule["nodes"])
            if rule["id"] in INCOMPLETE_FAILS:
                targets = ", ".join(n["target"] for n in rule["nodes"][:5])
                problems.append(f"{name}: {rule['id']}: {rule['help']}: {targets}")
            if rule["id"] != "color-contrast":
                continue
            for node in rule["nodes"]:
                ratio = (node["data"] or {}).get("contrastRatio")
                if ratio is not None and 0 < ratio < ILLEGIBLE:
                    problems.append(
                        f"{name}: text as light as its background: {node['target']}"
                        f" ({node['data']['fgColor']} on {node['data']['bgColor']})"
                    )
    FIGURES["blocking problems"] += len(problems)
    return problems
