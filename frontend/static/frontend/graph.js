// A paper's neighbourhood (Connected Papers style), drawn in SVG from the API's payload
// (/api/v1/papers/{id}/graph/): no build step, no library. A small force layout places
// the nodes; circles are sized by citations and coloured by year; a click (or Enter on
// a focused node) opens the paper. Without JavaScript the figure stays hidden and the
// page's lists say the same.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const W = 720, H = 460;
  const OLD = [214, 228, 240], NEW = [8, 48, 107]; // light (old) to dark blue (new)

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function colour(year, lo, hi) {
    if (year == null) return "#bbbbbb";
    const t = hi > lo ? (year - lo) / (hi - lo) : 1;
    const c = OLD.map((o, i) => Math.round(o + (NEW[i] - o) * t));
    return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
  }

  function radius(node) {
    return 5 + 2.4 * Math.log1p(node.citation_count || 0);
  }

  // Deterministic: the same payload gives the same picture.
  function layout(nodes, edges) {
    const side = { self: 0, reference: Math.PI, citer: 0, similar: Math.PI / 2 };
    nodes.forEach((n, i) => {
      const angle = (side[n.relation] || 0) + ((i * 2.39996) % 1.6) - 0.8;
      const r = n.relation === "self" ? 0 : 150 + (i % 5) * 12;
      n.x = W / 2 + r * Math.cos(angle);
      n.y = H / 2 + r * Math.sin(angle) * 0.8;
    });
    const index = new Map(nodes.map((n) => [n.id, n]));
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)])
      .filter(([a, b]) => a && b);
    for (let step = 0; step < 300; step++) {
      const cool = 1 - step / 300;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d2 = Math.max(dx * dx + dy * dy, 25);
          const push = (1800 / d2) * cool;
          const d = Math.sqrt(d2);
          dx /= d; dy /= d;
          a.x += dx * push; a.y += dy * push;
          b.x -= dx * push; b.y -= dy * push;
        }
      }
      for (const [a, b] of links) {
        const dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const pull = ((d - 110) / d) * 0.04 * cool;
        a.x += dx * pull; a.y += dy * pull;
        b.x -= dx * pull; b.y -= dy * pull;
      }
      for (const n of nodes) {
        if (n.relation === "self") { n.x = W / 2; n.y = H / 2; continue; }
        const r = radius(n) + 4;
        n.x = Math.min(W - r, Math.max(r, n.x + (W / 2 - n.x) * 0.005));
        n.y = Math.min(H - r, Math.max(r, n.y + (H / 2 - n.y) * 0.005));
      }
    }
    return links;
  }

  function draw(figure, data) {
    const nodes = data.nodes;
    if (nodes.length < 2) return;
    const years = nodes.map((n) => n.year).filter((y) => y != null);
    const lo = Math.min(...years), hi = Math.max(...years);
    const links = layout(nodes, data.edges);
    const svg = el("svg", {
      viewBox: `0 0 ${W} ${H}`, role: "group",
      "aria-label": `Neighbourhood of ${data.paper}: ${nodes.length - 1} papers`,
    });
    const defs = el("defs", {}, svg);
    const marker = el("marker", { id: "graph-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
      markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }, marker);
    const kinds = new Map(data.edges.map((e) => [`${e.source} ${e.target}`, e.kind]));
    for (const [a, b] of links) {
      const kind = kinds.get(`${a.id} ${b.id}`);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
      const end = radius(b) + 2;
      el("line", { x1: a.x, y1: a.y, x2: b.x - (dx / d) * end, y2: b.y - (dy / d) * end,
        class: `edge ${kind}`, "marker-end": kind === "cites" ? "url(#graph-arrow)" : "" }, svg);
    }
    for (const n of nodes) {
      const cited = n.citation_count == null ? "" : `, cited by ${n.citation_count}`;
      const label = `${n.title}${n.year ? ` (${n.year})` : ""}${cited}`;
      const group = n.url ? el("a", { href: n.url, "aria-label": label }, svg) : el("g", {}, svg);
      el("title", {}, group).textContent = label;
      el("circle", { cx: n.x, cy: n.y, r: radius(n), fill: colour(n.year, lo, hi),
        class: `node ${n.relation}${n.held ? "" : " outside"}` }, group);
      if (n.relation === "self") {
        const text = el("text", { x: n.x, y: n.y + radius(n) + 14, class: "self-label" }, group);
        text.textContent = n.title.length > 60 ? `${n.title.slice(0, 57)}…` : n.title;
      }
    }
    figure.querySelector(".graph-canvas").appendChild(svg);
    const range = figure.querySelector(".year-range");
    if (range && years.length) range.textContent = lo === hi ? `${lo}` : `${lo} to ${hi}`;
    figure.hidden = false;
  }

  document.querySelectorAll("figure.graph[data-graph]").forEach((figure) => {
    fetch(figure.dataset.graph, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((data) => draw(figure, data))
      .catch(() => {}); // the lists stay: nothing is lost without the picture
  });
})();
