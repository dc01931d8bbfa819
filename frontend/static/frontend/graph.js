// A paper's neighbourhood (Connected Papers style), drawn in SVG from the API's payload
// (/api/v1/papers/{id}/graph/): no build step, no library. A small force layout places
// the nodes; circles are sized by citations and coloured by year; a click (or Enter on
// a focused node) opens the paper. Without JavaScript the figure stays hidden and the
// page's lists say the same.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const W = 720, H = 460, YEARS = 12;
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

  // Sized by citations, relative to the most cited here (log scale: counts span 1 to 10^5).
  function sizer(nodes) {
    const top = Math.log1p(Math.max(1, ...nodes.map((n) => n.citation_count || 0)));
    return (n) => 5 + 13 * (Math.log1p(n.citation_count || 0) / top);
  }

  // Fruchterman-Reingold, deterministic (the same payload gives the same picture); the
  // paper itself pinned in the middle, references seeded left, citers right.
  function layout(nodes, edges, radius) {
    const side = { reference: Math.PI, citer: 0, similar: Math.PI / 2 };
    nodes.forEach((n, i) => {
      const angle = (side[n.relation] || 0) + ((i * 2.39996) % 1.6) - 0.8;
      const r = n.relation === "self" ? 0 : 120 + (i % 4) * 15;
      n.x = W / 2 + r * Math.cos(angle);
      n.y = H / 2 + r * Math.sin(angle) * 0.7;
    });
    const index = new Map(nodes.map((n) => [n.id, n]));
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)])
      .filter(([a, b]) => a && b);
    const k = 0.9 * Math.sqrt((W * H) / nodes.length);
    const steps = 400;
    for (let step = 0; step < steps; step++) {
      const heat = (W / 8) * (1 - step / steps) + 0.5;
      for (const n of nodes) { n.dx = 0; n.dy = 0; }
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          const dx = a.x - b.x, dy = a.y - b.y;
          const d = Math.max(Math.hypot(dx, dy), 0.01);
          const f = (k * k) / d;
          a.dx += (dx / d) * f; a.dy += (dy / d) * f;
          b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
        }
      }
      for (const [a, b] of links) {
        const dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (d * d) / k;
        a.dx -= (dx / d) * f; a.dy -= (dy / d) * f;
        b.dx += (dx / d) * f; b.dy += (dy / d) * f;
      }
      for (const n of nodes) {
        if (n.relation === "self") { n.x = W / 2; n.y = H / 2; continue; }
        n.dx += (W / 2 - n.x) * 0.05 * k / 100; // a little gravity: no node drifts off
        n.dy += (H / 2 - n.y) * 0.05 * k / 100;
        const d = Math.max(Math.hypot(n.dx, n.dy), 0.01);
        const move = Math.min(d, heat);
        const r = radius(n) + 6;
        n.x = Math.min(W - r - 40, Math.max(r + 40, n.x + (n.dx / d) * move));
        n.y = Math.min(H - r - 14, Math.max(r, n.y + (n.dy / d) * move));
      }
    }
    return links;
  }

  function draw(figure, data) {
    const nodes = data.nodes;
    if (nodes.length < 2) return;
    const years = nodes.map((n) => n.year).filter((y) => y != null);
    // Over at most YEARS years: one old classic would otherwise leave the rest one shade.
    const hi = Math.max(...years), lo = Math.max(Math.min(...years), hi - YEARS);
    const radius = sizer(nodes);
    const links = layout(nodes, data.edges, radius);
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
      // Its visible label first: what a voice-control user says must be its name.
      const label = `${n.label}: ${n.title}${cited}`;
      const group = n.url ? el("a", { href: n.url, "aria-label": label }, svg) : el("g", {}, svg);
      el("title", {}, group).textContent = label;
      el("circle", { cx: n.x, cy: n.y, r: radius(n), fill: colour(n.year, lo, hi),
        class: `node ${n.relation}${n.held ? "" : " outside"}` }, group);
      const text = el("text", { x: n.x, y: n.y + radius(n) + 11,
        class: n.relation === "self" ? "label self-label" : "label" }, group);
      text.textContent = n.label;
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
