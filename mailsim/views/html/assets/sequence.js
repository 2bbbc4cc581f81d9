"use strict";
/* The sequence diagram as SVG (#ms-sequence): one lifeline per host in route order, an
   arrow per unit on the wire from its send row to its arrival row, state changes as notes.

   Rows come from the page's data (sections/sequence.py: the figures' own row_layout, on
   the time-proportional and the compact axis), so the page and the figures agree. Only the
   rows near the viewport are in the DOM: the SVG is as tall as the whole diagram and its
   rows are redrawn, on scroll, in an animation frame. Under a filter only the kept events
   are drawn; on the compact axis they are packed one row each, on the proportional axis
   they keep their time. Rows and gaps: sequence_rows.js; arrows, notes and texts:
   sequence_shapes.js. */
MS.view("sequence", {
  init(ms) {
    const region = document.getElementById("ms-sequence");
    const data = ms.data.sequence;
    const events = ms.events;
    const hosts = ms.hosts;
    const st = { geo: null, lay: null, colours: SequenceRows.groupColours(ms, data) };
    const shapes = SequenceShapes(ms, data, st);
    const el = shapes.el;
    const widest = SequenceRows.widestGutter(ms);
    let axis = "proportional";
    let geo = null;        // sizes and lifeline x, from the region's width and the mode
    let lay = null;        // the drawn rows: positions, y in pixels, gaps, bars, ticks (SequenceRows)
    let windowFrom = 0, windowTo = -1;  // the SVG's y range whose rows are in the DOM
    let frame = 0;
    const view = { top: 0, left: 0, height: 0, width: 0, head: 0 };
    let lastUserScroll = -1e9, dragging = false;  // when the user last scrolled by hand
    const drawn = new Map();  // position -> its <g> while in the DOM

    const head = document.createElement("div");
    head.className = "ms-seq-head";
    const tools = document.createElement("div");
    tools.className = "ms-seq-tools";
    const axisButtons = ["proportional", "compact"].map((name) => {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.axis = name;
      // a click on the axis shown switches (projector mode shows that button only)
      b.addEventListener("click", () => setAxis(name !== axis ? name : name === "compact" ? "proportional" : "compact"));
      tools.appendChild(b);
      return b;
    });
    const legend = document.createElement("div");  // colours, padlock and notes explained
    legend.className = "ms-seq-legend";
    const lanes = document.createElement("div");
    lanes.className = "ms-seq-lanes";
    lanes.appendChild(tools);
    head.append(legend, lanes);
    const used = Object.keys(ms.data.protocols).filter((name) => events.some((e) => e.protocol === name))
      .sort((a, b) => ms.data.protocols[a].rank - ms.data.protocols[b].rank || (a < b ? -1 : 1));
    const heads = hosts.map((h) => {
      const box = document.createElement("div");
      box.className = "ms-seq-host";
      box.dataset.host = h.name;
      const title = document.createElement("div");
      title.className = "ms-seq-role";
      const short = document.createElement("div");
      short.className = "ms-seq-short";
      short.textContent = h.short;
      box.append(title, short);
      lanes.appendChild(box);
      return { box, title };
    });
    const svg = el("svg", { class: "ms-seq-svg", role: "img" });
    const lifelines = hosts.map((h) => el("line", { class: "ms-seq-life", "data-host": h.name }));
    const lifeGroup = el("g", {});
    lifeGroup.append(...lifelines);
    const current = el("rect", { class: "ms-seq-current-row", x: 0, height: 0 });
    const rows = el("g", { class: "ms-seq-rows" });
    svg.append(lifeGroup, current, rows);
    region.append(head, svg);

    /* --- layout ---------------------------------------------------------------------- */
    function measure() {
      const big = !!ms.projector;
      const font = big ? 24 : 16;
      const rowPx = big ? 44 : 30;
      const small = font * 0.85 * 0.62;  // a digit of the gutter's texts, at most
      const gutter = Math.max(big ? 150 : 84, Math.ceil(small * (widest.tick + widest.step + 1) + 22));
      const minCol = big ? 150 : 80;
      const avail = Math.max(region.clientWidth - gutter - 4, 0);
      const col = Math.max(minCol, hosts.length ? avail / hosts.length : avail);
      const xs = hosts.map((_, i) => gutter + col * (i + 0.5));
      region.style.setProperty("--ms-seq-font", `${font}px`);
      region.style.setProperty("--ms-seq-gutter", `${gutter}px`);
      region.style.setProperty("--ms-seq-col", `${col}px`);
      return { font, rowPx, gutter, col, xs, width: gutter + col * hosts.length + 4, top: rowPx, ...glyphs(font) };
    }
    /* How wide the fonts this browser picked really are, in em: a Latin character of a label
       (monospace: 0.5 to 0.6 em by font), of a note (proportional: an average), and a kana
       or kanji. Measured once a relayout, so labels are cut where they really end. */
    function glyphs(font) {
      const probe = (cls, text) => {
        const t = el("text", { class: cls, x: -9999, y: -9999 }, text);
        rows.appendChild(t);
        const w = t.getComputedTextLength() / [...text].length / font;
        t.remove();
        return w > 0 ? w : null;
      };
      region.style.setProperty("--ms-seq-font", `${font}px`);
      return {
        mono: probe("ms-seq-label", "0123456789abcdefghij") || 0.6,
        sans: probe("ms-seq-note-text", "queued 4 for bob@example.jp: login accepted") || 0.58,
        wide: probe("ms-seq-label", "あいうえお漢字") || 1,
      };
    }
    /* --- drawing --------------------------------------------------------------------- */
    function relayout(keepCurrent) {
      geo = st.geo = measure();
      lay = st.lay = SequenceRows.layout(ms, data, axis, ms.kept || null, geo);
      svg.setAttribute("width", geo.width);
      svg.setAttribute("height", lay.height);
      head.style.width = `${geo.width}px`;
      hosts.forEach((h, n) => {
        lifelines[n].setAttribute("x1", geo.xs[n]); lifelines[n].setAttribute("x2", geo.xs[n]);
        lifelines[n].setAttribute("y1", 0); lifelines[n].setAttribute("y2", lay.height);
      });
      current.setAttribute("width", geo.width);
      labels();
      dim();
      readView();
      render(true);
      mark(ms.index, -1);
      if (keepCurrent) keepInView(false, true);
    }
    function dim() {
      const speaking = new Set();
      if (ms.kept) {
        for (const i of ms.kept) {
          const e = events[i];
          if (e.type === "message") { speaking.add(e.src); speaking.add(e.dst); } else speaking.add(e.node);
        }
      }
      hosts.forEach((h, n) => {
        const off = !!ms.kept && !speaking.has(h.name);
        heads[n].box.classList.toggle("ms-seq-dim", off);
        lifelines[n].classList.toggle("ms-seq-dim", off);
      });
    }
    function labels() {
      for (const b of axisButtons) {
        b.textContent = ms.t(`html.sequence.axis.${b.dataset.axis}`);
        b.title = ms.t("html.sequence.key.axis");
        b.setAttribute("aria-pressed", String(b.dataset.axis === axis));
      }
      const font = geo.font * (ms.projector ? 1 : 0.95);
      hosts.forEach((h, n) => {
        heads[n].title.textContent = shapes.wrapTitle(ms.pick(h.title) || h.name, geo.col - 8, font, ms.projector ? 2 : 3);
        heads[n].box.title = `${ms.pick(h.title) || ""} — ${h.name}`;
      });
      svg.setAttribute("aria-label", ms.t("html.sequence.title"));
      legendItems();
    }
    function legendItems() {
      const item = (cls, colour, text) => {
        const span = document.createElement("span");
        span.className = "ms-seq-key";
        const mark = document.createElement("i");
        mark.className = cls;
        if (colour) mark.style.background = colour;
        span.append(mark, text);
        return span;
      };
      const items = used.map((name) => item(ms.data.protocols[name].transport ? "ms-seq-key-thin" : "ms-seq-key-line", ms.colour(name), name));
      if (events.some((e) => e.encrypted)) items.push(item("ms-seq-key-lock", null, ms.t("html.sequence.legend.encrypted")));
      if (events.some((e) => e.type === "state")) items.push(item("ms-seq-key-note", null, ms.t("html.sequence.legend.state")));
      if (data.groups.length) items.push(item("ms-seq-key-bar", null, ms.t("html.sequence.legend.connection")));
      legend.replaceChildren(...items);
    }
    /* The region's scroll and size, read only where layout is clean anyway (after a
       relayout, on scroll, on resize): a step never forces a layout. */
    function readView() {
      view.top = region.scrollTop; view.left = region.scrollLeft;
      view.height = region.clientHeight; view.width = region.clientWidth; view.head = head.offsetHeight;
    }
    function visible() { return [view.top, view.top + view.height - view.head]; }
    function render(force) {
      frame = 0;
      const [top, bottom] = visible();
      if (!force && top >= windowFrom && bottom <= windowTo) return;
      const extra = Math.max(bottom - top, geo.rowPx * 4);
      windowFrom = top - extra;
      windowTo = bottom + extra;
      drawn.clear();
      const out = document.createDocumentFragment();
      for (const b of lay.breaks) if (b[1] >= windowFrom && b[0] <= windowTo) out.appendChild(shapes.gap(b));
      for (const b of lay.bars.values()) if (b.y1 >= windowFrom && b.y0 <= windowTo) out.appendChild(shapes.bar(b));
      for (const [y, text] of lay.ticks) {
        if (y >= windowFrom && y <= windowTo) out.appendChild(el("text", { class: "ms-seq-tick", x: 6, y: y - 4 }, text));
      }
      let k = SequenceRows.lowerBound(lay.y0, windowFrom - lay.span - geo.rowPx);
      for (; k < lay.pos.length && lay.y0[k] <= windowTo + geo.rowPx; k++) {
        if (lay.y1[k] < windowFrom - geo.rowPx) continue;
        const i = lay.pos[k];
        const g = events[i].type === "message" ? shapes.arrow(i, lay.y0[k], lay.y1[k]) : shapes.note(i, lay.y0[k]);
        g.appendChild(el("text", { class: "ms-seq-step", x: geo.gutter - 8, y: lay.y0[k] - 4 }, String(i)));
        drawn.set(i, g);
        out.appendChild(g);
      }
      rows.replaceChildren(out);
      const g = drawn.get(ms.index);
      if (g) g.classList.add("ms-seq-current");
    }
    /* --- the current step ------------------------------------------------------------ */
    function mark(index, previous) {
      const old = drawn.get(previous);
      if (old) old.classList.remove("ms-seq-current");
      const g = drawn.get(index);
      if (g) g.classList.add("ms-seq-current");
      const k = lay.at[index];
      if (!(k >= 0)) { current.setAttribute("height", 0); return; }
      const top = lay.y0[k] - geo.rowPx * 0.8;
      current.setAttribute("y", top);
      current.setAttribute("height", Math.max(lay.y1[k], lay.y0[k]) + geo.rowPx * 0.25 - top);
    }
    function keepInView(smooth, force) {
      const k = lay.at[ms.index];
      if (!(k >= 0)) return;
      if (!force && performance.now() - lastUserScroll < 4000) return;
      const [top, bottom] = visible();
      const y0 = lay.y0[k] - geo.rowPx, y1 = Math.max(lay.y1[k], lay.y0[k]) + geo.rowPx * 0.3;
      const e = events[ms.index];
      const xs = (e.type === "message" ? [e.src, e.dst] : [e.node]).map((n) => geo.xs[ms.hostIndex(n)]);
      const left = view.left, width = view.width;
      let x = left;
      if (Math.min(...xs) - geo.col / 2 < left || Math.max(...xs) + geo.col / 2 > left + width) {
        x = Math.max(0, (Math.min(...xs) + Math.max(...xs)) / 2 - width / 2);
      }
      let y = top;
      if (y0 < top || y1 > bottom) y = Math.max(0, y0 - (bottom - top) / 3);
      if (y === top && x === left) return;
      const far = Math.abs(y - top) > 3 * (bottom - top);
      const behaviour = smooth && !far ? "smooth" : "auto";
      region.scrollTo({ top: y, left: x, behavior: behaviour });
      // where the view is going: the next step needs no scroll if it is in view there (the
      // scroll events of a smooth scroll read the real position as it moves)
      view.top = Math.min(y, Math.max(0, lay.height + view.head - view.height));
      view.left = Math.min(x, Math.max(0, geo.width - view.width));
      if (behaviour === "auto") render(false);
    }
    function setAxis(name) {
      if (name === axis) return;
      axis = name;
      relayout(true);
    }

    /* --- events ---------------------------------------------------------------------- */
    region.addEventListener("scroll", () => {
      view.top = region.scrollTop; view.left = region.scrollLeft;
      if (dragging) lastUserScroll = performance.now();
      if (!frame) frame = requestAnimationFrame(() => render(false));
    }, { passive: true });
    // only the user's own scrolling counts (a wheel, a finger, the scroll bar), never ours
    region.addEventListener("pointerdown", (e) => { if (e.target === region) dragging = true; });
    window.addEventListener("pointerup", () => { dragging = false; });
    for (const name of ["wheel", "touchmove"]) {
      region.addEventListener(name, () => { lastUserScroll = performance.now(); }, { passive: true });
    }
    svg.addEventListener("click", (event) => {
      const g = event.target.closest("[data-i]");
      if (g) { lastUserScroll = -1e9; ms.go(Number(g.dataset.i), "sequence"); }
    });
    ms.key(["t"], "html.sequence.key.axis", () => setAxis(axis === "proportional" ? "compact" : "proportional"));
    ms.on("step", (index, previous, why) => {
      mark(index, previous);
      keepInView(why !== "start" && why !== "hash", why === "start");
    });
    ms.on("lang", () => { labels(); render(true); mark(ms.index, -1); });
    ms.on("filter", () => relayout(false));
    ms.on("options", (name) => {
      if (name === "projector") relayout(true);
      else if (name === "showEncrypted") { render(true); mark(ms.index, -1); }
    });
    let width = 0;
    new ResizeObserver(() => {
      if (region.clientWidth !== width) { width = region.clientWidth; relayout(true); }
      else { readView(); render(false); }
    }).observe(region);
    relayout(false);
    // for tests and other scripts: the axis drawn, and where a step's row is (pixels)
    ms.sequence = {
      axis: () => axis, setAxis, rowPx: () => geo.rowPx,
      rowOf: (i) => (lay.at[i] >= 0 ? lay.y0[lay.at[i]] : null),
    };
  },
});
