// The map of the field: every paper of the API's binary payload drawn on a 2D canvas
// (pixels written straight into an ImageData: 106k points in a few milliseconds), with
// pan and zoom, region labels by zoom level, hover titles, click-through, a month slider,
// category chips, and the current search and the user's bookmarks highlighted.
// No library and no build step. window.paperscopeMap exposes timings for the tests.
(() => {
  "use strict";
  const canvas = document.getElementById("map-canvas");
  if (!canvas) return;
  const data = JSON.parse(document.getElementById("map-data").textContent);
  const tooltip = document.querySelector("[data-map-tooltip]");
  const monthInput = document.querySelector("[data-map-month]");
  const monthLabel = document.getElementById("map-month-label");
  const categoryBox = document.querySelector("[data-map-categories]");
  const tagBox = document.querySelector("[data-map-tags]");
  const ctx = canvas.getContext("2d");
  const state = (window.paperscopeMap = { ready: false, draws: 0 });

  // Colours of the coarse regions (ABGR for the Uint32 pixel view) and of tags.
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31",
    "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
    "#9c9ede", "#cedb9c", "#e7cb94", "#e7969c"];
  const SEARCH_COLOUR = "#ff3d00";
  const CATEGORY_CHIPS = 10;

  let meta, overview, coarseOf;
  const tiles = new Map(); // "zoom/x/y" -> a layer with every point of that tile
  const pending = new Set();
  const titles = new Map(); // paper id -> {title, url}
  const positions = data.positions || {}; // highlighted papers: [x, y, month, category]
  const searched = new Set(data.search);
  const tags = Object.keys(data.bookmarks || {});
  const activeTags = new Set(tags);
  const activeCategories = new Set();
  let monthLimit = Infinity;
  let view = { scale: 1, x: 0, y: 0 };
  let base = { k: 1, ox: 0, oy: 0 }; // payload units -> CSS pixels at scale 1
  let grid = null;
  let hovered = null; // {id, x, y} of the point under the pointer
  const dpr = window.devicePixelRatio || 1;

  const abgr = (hex, alpha = 255) => {
    const v = parseInt(hex.slice(1), 16);
    return ((alpha << 24) | ((v & 0xff) << 16) | (v & 0xff00) | (v >> 16)) >>> 0;
  };
  const colours = PALETTE.map((c) => abgr(c));
  const faded = PALETTE.map((c) => abgr(c, 60));
  const monthText = (m) => `${1970 + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, "0")}`;

  // One payload (the first view, or a tile) as columns over its ArrayBuffer.
  function decode(buffer) {
    const header = new DataView(buffer);
    const magic = new TextDecoder().decode(new Uint8Array(buffer, 0, 6));
    if (magic !== "PSMAP1") throw new Error("not a map payload");
    const count = header.getUint32(8, true);
    let offset = 16;
    const take = (Type) => {
      const column = new Type(buffer, offset, count);
      offset += count * Type.BYTES_PER_ELEMENT;
      return column;
    };
    return { count, ids: take(Int32Array), xs: take(Uint16Array), ys: take(Uint16Array),
      months: take(Uint16Array), fine: take(Uint16Array), categories: take(Uint8Array) };
  }

  function resize() {
    const width = canvas.clientWidth || 1000;
    const height = Math.round(Math.min(720, Math.max(420, width * 0.62)));
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const [x0, y0, x1, y1] = meta.bounds;
    const aspect = (x1 - x0) / Math.max(y1 - y0, 1e-9);
    const margin = 16;
    const w = width - 2 * margin, h = height - 2 * margin;
    const drawW = Math.min(w, h * aspect), drawH = drawW / aspect;
    base = { k: drawW / 65535, ky: drawH / 65535, ox: (width - drawW) / 2, oy: (height - drawH) / 2 };
  }

  // Payload units to CSS pixels, and back (y grows upwards on the map).
  const screenX = (x) => (base.ox + x * base.k) * view.scale + view.x;
  const screenY = (y) => (base.oy + (65535 - y) * base.ky) * view.scale + view.y;
  const unitX = (sx) => ((sx - view.x) / view.scale - base.ox) / base.k;
  const unitY = (sy) => 65535 - ((sy - view.y) / view.scale - base.oy) / base.ky;

  const shown = (month, category) =>
    (month === 0 || month <= monthLimit) &&
    (activeCategories.size === 0 || activeCategories.has(category));
  const visible = (layer, i) => shown(layer.months[i], layer.categories[i]);

  // The layers on screen: the first view, and the loaded tiles in sight when zoomed in.
  function layers() {
    const out = [overview];
    for (const key of tilesInSight()) if (tiles.has(key)) out.push(tiles.get(key));
    return out;
  }

  function tilesInSight() {
    if (!meta.sampled || view.scale < 2) return [];
    const side = 2 ** meta.tile_zoom, unit = 65536 / side;
    const clamp = (v) => Math.min(side - 1, Math.max(0, Math.floor(v / unit)));
    const w = canvas.width / dpr, h = canvas.height / dpr;
    const x0 = clamp(unitX(0)), x1 = clamp(unitX(w)), y0 = clamp(unitY(h)), y1 = clamp(unitY(0));
    const keys = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(`${meta.tile_zoom}/${x}/${y}`);
    return keys;
  }

  // Fetch the tiles in sight that are not here yet; draw again as each arrives.
  function loadTiles() {
    for (const key of tilesInSight()) {
      if (tiles.has(key) || pending.has(key)) continue;
      pending.add(key);
      fetch(`${meta.points_url}?tile=${key}`)
        .then((response) => response.arrayBuffer())
        .then((buffer) => { tiles.set(key, decode(buffer)); draw(); })
        .finally(() => pending.delete(key));
    }
  }

  function draw() {
    const started = performance.now();
    const W = canvas.width, H = canvas.height;
    const image = ctx.createImageData(W, H);
    const pixels = new Uint32Array(image.data.buffer);
    pixels.fill(0xffffffff);
    const size = view.scale > 6 ? 3 : view.scale > 2 ? 2 : 1;
    const dimmed = searched.size > 0;
    for (const layer of layers()) {
      const { xs, ys, fine } = layer;
      for (let i = 0; i < layer.count; i++) {
        if (!visible(layer, i)) continue;
        const sx = Math.floor(screenX(xs[i]) * dpr), sy = Math.floor(screenY(ys[i]) * dpr);
        if (sx < 0 || sy < 0 || sx >= W - size || sy >= H - size) continue;
        const region = coarseOf[fine[i]] % colours.length;
        const colour = dimmed ? faded[region] : colours[region];
        for (let dy = 0; dy < size; dy++) {
          const row = (sy + dy) * W + sx;
          for (let dx = 0; dx < size; dx++) pixels[row + dx] = colour;
        }
      }
    }
    ctx.putImageData(image, 0, 0);
    ctx.save();
    ctx.scale(dpr, dpr);
    drawMarks();
    drawLabels();
    ctx.restore();
    state.lastDrawMs = performance.now() - started;
    state.draws += 1;
  }

  function dot(x, y, fill, radius, ring) {
    ctx.beginPath();
    ctx.arc(screenX(x), screenY(y), radius, 0, 2 * Math.PI);
    if (fill) { ctx.fillStyle = fill; ctx.fill(); }
    if (ring) { ctx.strokeStyle = ring; ctx.lineWidth = 2; ctx.stroke(); }
  }

  function drawMarks() {
    let highlighted = 0, bookmarked = 0;
    const at = (id) => {
      const p = positions[id];
      return p && shown(p[2], p[3]) ? p : null;
    };
    for (const id of searched) {
      const p = at(id);
      if (!p) continue;
      dot(p[0], p[1], SEARCH_COLOUR, 3.5, "#000");
      highlighted++;
    }
    tags.forEach((tag, t) => {
      if (!activeTags.has(tag)) return;
      for (const id of data.bookmarks[tag]) {
        const p = at(id);
        if (!p) continue;
        dot(p[0], p[1], null, 6, PALETTE[(t * 5 + 3) % PALETTE.length]);
        bookmarked++;
      }
    });
    const focus = data.focus !== null && positions[data.focus];
    if (focus) dot(focus[0], focus[1], null, 9, "#000");
    if (hovered) dot(hovered.x, hovered.y, null, 5, "#000");
    state.highlighted = highlighted;
    state.bookmarked = bookmarked;
  }

  function drawLabels() {
    const level = view.scale >= 3 ? 2 : 1;
    const [x0, y0, x1, y1] = meta.bounds;
    ctx.font = level === 1 ? "600 13px system-ui, sans-serif" : "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.lineJoin = "round";
    const width = canvas.width / dpr, height = canvas.height / dpr;
    for (const region of meta.regions) {
      if (region.level !== level) continue;
      const x = screenX(((region.x - x0) / (x1 - x0)) * 65535);
      const y = screenY(((region.y - y0) / (y1 - y0)) * 65535);
      if (x < 0 || y < 0 || x > width || y > height) continue;
      const text = region.terms.slice(0, 2).join(" · ");
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineWidth = 4;
      ctx.strokeText(text, x, y);
      ctx.fillStyle = "#111";
      ctx.fillText(text, x, y);
    }
  }

  // A grid over payload units for hover: which first-view points lie in each of 128 x 128
  // cells (tiles, a few tens of thousands of points each, are scanned directly).
  function buildGrid() {
    const { count, xs, ys } = overview;
    const cells = 128, cellOf = new Int32Array(count), starts = new Int32Array(cells * cells + 1);
    for (let i = 0; i < count; i++) {
      cellOf[i] = (ys[i] >> 9) * cells + (xs[i] >> 9);
      starts[cellOf[i] + 1]++;
    }
    for (let c = 0; c < cells * cells; c++) starts[c + 1] += starts[c];
    const filled = starts.slice(0, -1), items = new Int32Array(count);
    for (let i = 0; i < count; i++) items[filled[cellOf[i]]++] = i;
    grid = { cells, starts, items };
  }

  function nearest(sx, sy, radius = 8) {
    const ux = unitX(sx), uy = unitY(sy);
    const reach = radius / (base.k * view.scale);
    let best = null, bestDistance = radius * radius;
    const consider = (layer, i) => {
      if (!visible(layer, i)) return;
      const dx = screenX(layer.xs[i]) - sx, dy = screenY(layer.ys[i]) - sy;
      const distance = dx * dx + dy * dy;
      if (distance <= bestDistance) {
        best = { id: layer.ids[i], x: layer.xs[i], y: layer.ys[i] };
        bestDistance = distance;
      }
    };
    const c0 = Math.max(0, (ux - reach) >> 9), c1 = Math.min(grid.cells - 1, (ux + reach) >> 9);
    const r0 = Math.max(0, (uy - reach) >> 9), r1 = Math.min(grid.cells - 1, (uy + reach) >> 9);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * grid.cells + c;
        for (let k = grid.starts[cell]; k < grid.starts[cell + 1]; k++) consider(overview, grid.items[k]);
      }
    }
    for (const layer of layers().slice(1)) {
      for (let i = 0; i < layer.count; i++) {
        if (Math.abs(layer.xs[i] - ux) <= reach && Math.abs(layer.ys[i] - uy) <= reach) consider(layer, i);
      }
    }
    return best;
  }

  async function pointInfo(id) {
    if (!titles.has(id)) {
      const response = await fetch(`${meta.pointUrl}${id}/`, { headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      titles.set(id, await response.json());
    }
    return titles.get(id);
  }

  function showTooltip(info, sx, sy) {
    tooltip.textContent = info.title;
    tooltip.hidden = false;
    tooltip.style.left = `${Math.min(sx + 12, canvas.clientWidth - 260)}px`;
    tooltip.style.top = `${sy + 12}px`;
  }

  function position(event) {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  function zoomAt(factor, sx, sy) {
    const scale = Math.min(200, Math.max(0.5, view.scale * factor));
    const applied = scale / view.scale;
    view = { scale, x: sx - (sx - view.x) * applied, y: sy - (sy - view.y) * applied };
    const started = performance.now();
    draw();
    state.lastZoomMs = performance.now() - started;
    loadTiles();
  }

  function wire() {
    let drag = null;
    canvas.addEventListener("mousedown", (event) => { drag = { at: position(event), view: { ...view }, moved: false }; });
    window.addEventListener("mouseup", () => { setTimeout(() => { drag = null; }, 0); });
    canvas.addEventListener("mousemove", async (event) => {
      const [sx, sy] = position(event);
      if (drag && event.buttons) {
        const dx = sx - drag.at[0], dy = sy - drag.at[1];
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        view = { ...drag.view, x: drag.view.x + dx, y: drag.view.y + dy };
        draw();
        loadTiles();
        return;
      }
      const found = nearest(sx, sy);
      if ((found && found.id) !== (hovered && hovered.id)) { hovered = found; draw(); }
      canvas.style.cursor = found ? "pointer" : "grab";
      if (!found) { tooltip.hidden = true; return; }
      const info = await pointInfo(found.id);
      if (info && hovered && hovered.id === found.id) showTooltip(info, sx, sy);
    });
    canvas.addEventListener("mouseleave", () => { tooltip.hidden = true; hovered = null; draw(); });
    canvas.addEventListener("click", async (event) => {
      if (drag && drag.moved) return;
      const [sx, sy] = position(event);
      const found = nearest(sx, sy);
      if (!found) return;
      const info = await pointInfo(found.id);
      if (info) window.location.assign(info.url);
    });
    canvas.addEventListener("wheel", (event) => {
      event.preventDefault();
      const [sx, sy] = position(event);
      zoomAt(event.deltaY < 0 ? 1.25 : 0.8, sx, sy);
    }, { passive: false });
    canvas.addEventListener("keydown", (event) => {
      const cx = canvas.clientWidth / 2, cy = canvas.clientHeight / 2;
      const pan = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] }[event.key];
      if (event.key === "+" || event.key === "=") zoomAt(1.25, cx, cy);
      else if (event.key === "-") zoomAt(0.8, cx, cy);
      else if (pan) { view = { ...view, x: view.x + pan[0], y: view.y + pan[1] }; draw(); loadTiles(); }
      else return;
      event.preventDefault();
    });
    document.querySelectorAll("[data-map-zoom]").forEach((button) => {
      button.addEventListener("click", () => {
        const cx = canvas.clientWidth / 2, cy = canvas.clientHeight / 2;
        if (button.dataset.mapZoom === "reset") { view = { scale: 1, x: 0, y: 0 }; draw(); }
        else zoomAt(button.dataset.mapZoom === "in" ? 1.5 : 1 / 1.5, cx, cy);
      });
    });
    monthInput.min = meta.first_month || 0;
    monthInput.max = meta.last_month || 0;
    monthInput.value = monthInput.max;
    monthLabel.textContent = meta.last_month ? monthText(meta.last_month) : "all";
    monthInput.addEventListener("input", () => {
      monthLimit = Number(monthInput.value);
      monthLabel.textContent = monthText(monthLimit);
      draw();
    });
    meta.categories.slice(0, CATEGORY_CHIPS).forEach((name, index) => {
      categoryBox.append(chip(name, false, (on) => {
        if (on) activeCategories.add(index); else activeCategories.delete(index);
        draw();
      }));
    });
    tags.forEach((tag, t) => {
      const button = chip(tag, true, (on) => {
        if (on) activeTags.add(tag); else activeTags.delete(tag);
        draw();
      });
      button.style.borderColor = PALETTE[(t * 5 + 3) % PALETTE.length];
      tagBox.append(button);
    });
    window.addEventListener("resize", () => { resize(); draw(); });
  }

  function chip(text, pressed, onToggle) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.setAttribute("aria-pressed", String(pressed));
    button.addEventListener("click", () => {
      const on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(on));
      onToggle(on);
    });
    return button;
  }

  function focus() {
    const p = data.focus === null ? null : positions[data.focus];
    if (!p) return;
    view.scale = 6;
    view.x = canvas.clientWidth / 2 - (base.ox + p[0] * base.k) * view.scale;
    view.y = canvas.clientHeight / 2 - (base.oy + (65535 - p[1]) * base.ky) * view.scale;
  }

  async function start() {
    const metaResponse = await fetch(canvas.dataset.mapApi, { headers: { Accept: "application/json" } });
    meta = await metaResponse.json();
    meta.pointUrl = canvas.dataset.mapApi.replace(/\/$/, "") + "/papers/";
    const pointsResponse = await fetch(meta.points_url);
    overview = decode(await pointsResponse.arrayBuffer());
    const coarseByNumber = new Map();
    meta.regions.filter((r) => r.level === 1).forEach((r) => coarseByNumber.set(r.id, r.number));
    coarseOf = new Uint16Array(Math.max(1, ...meta.regions.map((r) => r.number + 1)));
    meta.regions.filter((r) => r.level === 2).forEach((r) => { coarseOf[r.number] = coarseByNumber.get(r.parent) || 0; });
    resize();
    focus();
    buildGrid();
    draw();
    loadTiles();
    wire();
    const entry = performance.getEntriesByName(new URL(meta.points_url, location.href).href)[0];
    state.payloadBytes = entry ? entry.encodedBodySize : null;
    state.points = overview.count;
    state.interactiveMs = performance.now(); // since navigation started
    const firstView = new Map();
    for (let i = 0; i < overview.count; i++) firstView.set(overview.ids[i], i);
    state.screenOf = (id) => { // for tests: where a paper is drawn now, if it is
      if (positions[id]) return [screenX(positions[id][0]), screenY(positions[id][1])];
      for (const layer of layers()) {
        const i = layer === overview ? firstView.get(id) : layer.ids.indexOf(id);
        if (i !== undefined && i >= 0) return [screenX(layer.xs[i]), screenY(layer.ys[i])];
      }
      return null;
    };
    state.tilesLoaded = () => tiles.size;
    // for tests: every tile the view needs has arrived (one may land before its neighbours)
    state.tilesInSightLoaded = () => tilesInSight().every((key) => tiles.has(key));
    state.ready = true;
    canvas.dataset.ready = "true";
  }

  start().catch((error) => {
    state.error = String(error);
    canvas.insertAdjacentHTML("afterend", '<p class="errors" role="alert">The map could not be loaded. The regions below still work.</p>');
  });
})();
