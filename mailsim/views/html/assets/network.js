"use strict";
/* The network, animated: the hosts along the article's route (network_layout.js places
   them), the links between them, and on each protocol line a token that crosses its
   path hop by hop, taking its simulated transit time (scaled, divided by the speed).

   The SVG is built once per layout (a resize, the language, the analogy, projector
   mode); a step only moves the token and swaps a few classes, so a 20,000-event trace
   steps as fast as a short one. Paths and outages come from sections/network.py. */
MS.view("network", {
  init(ms) {
    const SVGNS = "http://www.w3.org/2000/svg";
    const MIN_MS = 450, MAX_MS = 2200, SCALE = 20000;  // 1 ms simulated: 20 ms on screen
    const region = document.getElementById("ms-network");
    const extra = Object.assign({ paths: {}, detours: {}, outages: [] }, ms.data.network);
    const linkInfo = new Map();
    for (const l of ms.data.links) { linkInfo.set(`${l.a}|${l.b}`, l); linkInfo.set(`${l.b}|${l.a}`, l); }
    const arranged = MSNetLayout.arrange(ms.hosts, ms.data.links);
    const nodeOf = arranged.nodeOf;
    const outagesOf = extra.outages.map(([kind, name, from, to]) => ({ kind, name, from, to }));
    const { route, roleMark, polyLength, along } = MSNetGeometry;
    const label = (e) => MSNetGeometry.label(e, ms.showEncrypted);
    const ctx = document.createElement("canvas").getContext("2d");

    let svg = null, token = null, tokenLabel = null, padlock = null, lostMark = null;
    let nodeEls = new Map(), linkEls = new Map(), geometry = new Map();
    let lit = [], downKey = "", frame = 0, width = 0, height = 0, svgW = 0, bottom = 0;
    let spots = new Map(), cell = [0, 0], overflows = false;

    const el = (tag, attrs, parent) => {
      const node = document.createElementNS(SVGNS, tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
      if (parent) parent.appendChild(node);
      return node;
    };
    const px = (name) => parseFloat(getComputedStyle(region).getPropertyValue(name)) || 14;
    const measurer = (size, family, weight) => {
      ctx.font = `${weight || 400} ${size}px ${family}`;
      const font = ctx.font;
      return (text) => { ctx.font = font; return ctx.measureText(text).width; };
    };

    function lines(node, textWidth, scale) {
      const body = getComputedStyle(document.body);
      const sans = body.fontFamily, mono = body.getPropertyValue("--ms-mono") || "monospace";
      const titleSize = px("--ms-net-title") * scale, smallSize = px("--ms-net-small") * scale;
      const bold = measurer(titleSize, sans, 600), small = measurer(smallSize, mono), plain = measurer(smallSize, sans);
      const out = [];
      const push = (cls, size, texts) => { for (const text of texts) out.push({ cls, size, text }); };
      if (node.group) {
        const server = ms.host(node.server);
        push("ms-net-title", titleSize, MSNetLayout.wrap(ms.t("html.network.devices", { n: node.hosts.length }), textWidth, bold, 2));
        if (server) push("ms-net-name", smallSize, [MSNetLayout.fit(`→ ${server.short}`, textWidth, small)]);
        return out;
      }
      const h = ms.host(node.hosts[0]);
      push("ms-net-title", titleSize, MSNetLayout.wrap(ms.pick(h.title) || h.role, textWidth, bold, 2));
      push("ms-net-name", smallSize, [MSNetLayout.fit(h.short, textWidth, small)]);
      if (h.ip && !ms.projector) push("ms-net-ip", smallSize, [MSNetLayout.fit(h.ip, textWidth, small)]);
      if (ms.analogy && ms.pick(h.analogy)) push("ms-net-analogy", smallSize, MSNetLayout.wrap(ms.pick(h.analogy), textWidth, plain, 2));
      return out;
    }

    /* Build the whole SVG for the region's size: once per layout, never per step. */
    function build() {
      cancelAnimationFrame(frame);
      const box = region.getBoundingClientRect();
      width = Math.max(200, Math.floor(box.width) - 2);
      height = Math.max(120, Math.floor(box.height) - 2);
      const grid = MSNetLayout.cells(arranged.columns);
      const lead = (size) => size * 1.22;
      /* The labels at their CSS sizes; if the grid is taller than the region, smaller
         (down to --ms-net-min-scale: never below 24 px in projector mode), then it scrolls. */
      const measure = (scale) => {
        const glyph = px("--ms-net-glyph") * scale, pad = 6 * scale;
        const colW = Math.max(width / Math.max(1, grid.cols), px("--ms-net-min-column") * scale);
        const textWidth = colW - glyph - pad * 2 - 6;
        const texts = new Map(grid.cells.map((c) => [c.node.id, lines(c.node, textWidth, scale)]));
        const need = new Map();
        for (const c of grid.cells) {
          const textH = texts.get(c.node.id).reduce((s, l) => s + lead(l.size), 0);
          need.set(c.node.id, Math.max(glyph + pad * 2, pad + glyph / 2 + 4 + textH + pad));
        }
        return { glyph, pad, colW, texts, stacked: MSNetLayout.stack(grid, (c) => need.get(c.node.id), height) };
      };
      const floor = parseFloat(getComputedStyle(region).getPropertyValue("--ms-net-min-scale")) || 1;
      let scale = 1, m = measure(scale);
      while (m.stacked.total > height && scale * 0.92 >= floor) { scale *= 0.92; m = measure(scale); }
      const { glyph, pad, colW, texts, stacked } = m;
      svgW = Math.ceil(colW * grid.cols);
      const svgH = Math.ceil(stacked.size);
      bottom = 0;  // the lowest label's foot: the region may shrink to it without a rebuild
      svg = el("svg", { id: "ms-net-svg", width: svgW, height: svgH, viewBox: `0 0 ${svgW} ${svgH}`, role: "img",
        "aria-label": ms.t("html.network.title"), "data-lang": ms.lang });
      const linksG = el("g", { class: "ms-net-links" }, svg);
      const nodesG = el("g", { class: "ms-net-nodes" }, svg);
      nodeEls = new Map(); linkEls = new Map(); geometry = new Map();
      const at = new Map();
      spots = at;
      cell = [colW, glyph + pad * 2];
      overflows = svgW > width + 1 || svgH > height + 1;
      for (const c of grid.cells) {
        const x0 = c.col * colW, cx = x0 + pad + glyph / 2;
        const cy = stacked.top.get(c) + pad + glyph / 2;
        bottom = Math.max(bottom, stacked.top.get(c) + stacked.height(c));
        at.set(c.node.id, { cx, cy, x0, col: c.col, row: c.row });
        const g = el("g", { class: `ms-net-node ms-role-${c.node.role}`, "data-node": c.node.id }, nodesG);
        el("title", {}, g).textContent = c.node.hosts.join("\n");
        el("rect", { class: "ms-net-glyph", x: cx - glyph / 2, y: cy - glyph / 2, width: glyph, height: glyph, rx: glyph / 4 }, g);
        el("text", { class: "ms-net-role", x: cx, y: cy, "text-anchor": "middle", "dominant-baseline": "central",
          "font-size": glyph * 0.5 }, g).textContent = c.node.group ? String(c.node.hosts.length) : roleMark(c.node.role);
        const label = el("text", { class: "ms-net-label", x: cx + glyph / 2 + 6, y: cy + 4 }, g);
        let dy = 0;
        for (const line of texts.get(c.node.id)) {
          dy += lead(line.size);
          el("tspan", { class: line.cls, x: cx + glyph / 2 + 6, y: cy + 4 + dy - line.size * 0.28, "font-size": line.size }, label).textContent = line.text;
        }
        nodeEls.set(c.node.id, g);
      }
      const drawn = new Set(), lanes = new Map();
      for (const l of ms.data.links) {
        const na = nodeOf.get(l.a), nb = nodeOf.get(l.b);
        if (!na || !nb || na === nb) continue;
        const key = [na.id, nb.id].sort().join("|");
        if (drawn.has(key)) continue;
        const pa = at.get(na.id), pb = at.get(nb.id);
        const alongside = pa.col === pb.col && Math.abs(pa.row - pb.row) > 1;
        const lane = alongside ? (lanes.get(pa.col) || 0) : 0;
        if (alongside) lanes.set(pa.col, lane + 1);
        const points = route(pa, pb, lane);
        const line = el("polyline", { class: "ms-net-link", "data-a": l.a, "data-b": l.b, points: points.map((p) => p.join(",")).join(" ") }, linksG);
        const item = { line, points, a: na.id, b: nb.id };
        linkEls.set(`${na.id}|${nb.id}`, item);
        linkEls.set(`${nb.id}|${na.id}`, item);
        drawn.add(key);
      }
      token = el("g", { id: "ms-net-token", class: "ms-net-token", visibility: "hidden" }, svg);
      el("circle", { r: glyph * 0.3 }, token);
      padlock = el("g", { class: "ms-net-padlock", transform: `translate(${-glyph * 0.8},${-glyph * 0.9})` }, token);
      el("path", { d: "M3 7 V4.5 a4 4 0 0 1 8 0 V7", fill: "none" }, padlock);
      el("rect", { x: 1, y: 7, width: 12, height: 9, rx: 1.5 }, padlock);
      tokenLabel = el("text", { class: "ms-net-token-label", x: glyph * 0.45, y: -glyph * 0.45 }, token);
      lostMark = el("g", { id: "ms-net-lost", class: "ms-net-lost", visibility: "hidden" }, svg);
      el("path", { d: "M-7 -7 L7 7 M7 -7 L-7 7" }, lostMark);
      el("text", { x: 10, y: 18 }, lostMark).textContent = ms.t("html.network.lost");
      region.replaceChildren(svg);
      lit = []; downKey = "";
      show(ms.index, "build");
    }

    /* The hops of a message as points, with each hop's share of the transit (store and
       forward: each hop's serialisation plus latency). Cached per pair of hosts. */
    function pathOf(e) {
      // a unit that went round a cut link, or a SYN a router dropped (it goes no further)
      const detour = extra.detours[e.seq] || (extra.blocked || {})[e.seq];
      const key = detour ? `#${e.seq}` : `${e.src}>${e.dst}`;
      if (geometry.has(key)) return geometry.get(key);
      const hosts = detour || extra.paths[key] || [e.src, e.dst];
      const hops = [];
      for (let i = 1; i < hosts.length; i++) {
        const a = nodeOf.get(hosts[i - 1]), b = nodeOf.get(hosts[i]);
        if (!a || !b || a === b) continue;
        const link = linkEls.get(`${a.id}|${b.id}`);
        const info = linkInfo.get(`${hosts[i - 1]}|${hosts[i]}`) || { latency: 0.001, bandwidth: 1e9 };
        const pa = spots.get(a.id), pb = spots.get(b.id);  // no link known: straight across
        const pts = link ? (link.a === a.id ? link.points : link.points.slice().reverse())
          : pa && pb ? [[pa.cx, pa.cy], [pb.cx, pb.cy]] : [];
        hops.push({ pts, link, info, len: polyLength(pts) });
      }
      const found = { hops, nodes: [nodeOf.get(e.src), nodeOf.get(e.dst)] };
      geometry.set(key, found);
      return found;
    }
    /* Where the token is at fraction f of its trip (a lost unit stops on its last hop, a
       dropped SYN at the router). */
    function position(e, path, f) {
      const hops = path.hops.filter((h) => h.pts.length);
      if (!hops.length) return null;
      const cost = hops.map((h) => h.info.latency + (e.size * 8) / h.info.bandwidth);
      const whole = cost.reduce((s, c) => s + c, 0) || 1;
      const lost = e.t_arrived === null;
      const dropped = lost && (extra.blocked || {})[e.seq];  // stops at the router itself
      const stop = lost && !dropped ? (whole - cost[cost.length - 1] * 0.35) / whole : 1;
      let t = Math.min(f, 1) * stop * whole;
      for (let i = 0; i < hops.length; i++) {
        if (t <= cost[i] || i === hops.length - 1) return along(hops[i].pts, cost[i] ? Math.min(1, t / cost[i]) : 1);
        t -= cost[i];
      }
      return null;
    }

    function light(index) {
      for (const item of lit) item.classList.remove("ms-net-active");
      lit = [];
      const e = ms.events[index];
      if (!e) return;
      const add = (item) => { if (item) { item.classList.add("ms-net-active"); lit.push(item); } };
      if (e.type === "message") {
        const path = pathOf(e);
        for (const n of path.nodes) if (n) add(nodeEls.get(n.id));
        for (const h of path.hops) if (h.link) add(h.link.line);
      } else {
        const n = nodeOf.get(e.node);
        const g = n && nodeEls.get(n.id);
        add(g);
        if (g && g.animate) g.querySelector(".ms-net-glyph").animate(
          [{ transform: "scale(1)" }, { transform: "scale(1.35)" }, { transform: "scale(1)" }],
          { duration: 600 / Math.max(0.5, ms.speed), easing: "ease-out" });
      }
    }
    function outages(index) {
      const down = outagesOf.filter((o) => o.from <= index && (o.to === null || index < o.to));
      const key = JSON.stringify(down);
      if (key === downKey) return;
      downKey = key;
      for (const g of nodeEls.values()) g.classList.remove("ms-net-down");
      for (const item of linkEls.values()) item.line.classList.remove("ms-net-down");
      for (const o of down) {
        if (o.kind === "link") {
          const [a, b] = o.name.map((h) => nodeOf.get(h));
          const item = a && b && linkEls.get(`${a.id}|${b.id}`);
          if (item) item.line.classList.add("ms-net-down");
          continue;
        }
        const n = nodeOf.get(o.name);
        if (!n) continue;
        nodeEls.get(n.id).classList.add("ms-net-down");
        for (const item of linkEls.values()) if (item.a === n.id || item.b === n.id) item.line.classList.add("ms-net-down");
      }
    }
    /* A drawing larger than its region (projector mode on a small screen) scrolls so the
       hosts of this step are in view; sizes come from the build, so no layout is forced. */
    function follow(e) {
      if (!e) return;
      const names = e.type === "message" ? [e.src, e.dst] : [e.node];
      const spotsOf = names.map((n) => nodeOf.get(n)).filter(Boolean).map((n) => spots.get(n.id)).filter(Boolean);
      if (!spotsOf.length) return;
      const left = Math.min(...spotsOf.map((p) => p.x0)), right = Math.max(...spotsOf.map((p) => p.x0 + cell[0]));
      const top = Math.min(...spotsOf.map((p) => p.cy - cell[1])), foot = Math.max(...spotsOf.map((p) => p.cy + cell[1] * 2));
      let x = region.scrollLeft, y = region.scrollTop;
      if (right - x > width) x = right - width;
      if (left < x) x = left;
      if (foot - y > height) y = foot - height;
      if (top < y) y = Math.max(0, top);
      if (x !== region.scrollLeft || y !== region.scrollTop) region.scrollTo(x, y);
    }
    function place(e, path, f) {
      const p = position(e, path, f);
      if (!p) { token.setAttribute("visibility", "hidden"); return; }
      token.setAttribute("transform", `translate(${p[0].toFixed(1)},${p[1].toFixed(1)})`);
      token.setAttribute("visibility", "visible");
      if (e.t_arrived === null && f >= 1) {
        lostMark.setAttribute("transform", `translate(${p[0].toFixed(1)},${p[1].toFixed(1)})`);
        lostMark.setAttribute("visibility", "visible");
      }
    }

    /* Show step index; animate the token when moving one step forward. Returns the
       on-screen time the animation takes (play waits for it). */
    function show(index, why) {
      cancelAnimationFrame(frame);
      if (!svg) return 0;
      light(index);
      if (overflows) follow(ms.events[index]);
      outages(index);
      lostMark.setAttribute("visibility", "hidden");
      const e = ms.events[index];
      if (!e || e.type !== "message") { token.setAttribute("visibility", "hidden"); return 0; }
      const path = pathOf(e);
      token.querySelector("circle").setAttribute("fill", ms.colour(e.protocol));
      token.dataset.protocol = e.protocol;
      token.dataset.seq = String(e.seq);
      padlock.setAttribute("visibility", e.encrypted ? "visible" : "hidden");
      tokenLabel.textContent = label(e);
      token.classList.toggle("ms-net-lost-token", e.t_arrived === null);
      if (why !== "next") { place(e, path, 1); return 0; }
      const transit = e.t_arrived === null ? path.hops.reduce((s, h) => s + h.info.latency, 0) : e.t_arrived - e.t_sent;
      const duration = Math.min(MAX_MS, Math.max(MIN_MS, transit * SCALE)) / ms.speed;
      const begin = performance.now();
      const tick = (now) => {
        const f = Math.min(1, (now - begin) / duration);
        place(e, path, f);
        if (f < 1) frame = requestAnimationFrame(tick);
      };
      place(e, path, 0);
      frame = requestAnimationFrame(tick);
      return duration + 120;
    }

    let pending = 0;
    const relayout = () => { cancelAnimationFrame(pending); pending = requestAnimationFrame(build); };
    /* The caption strip above may change height from step to step: a region a little
       shorter or taller keeps its drawing (only the SVG's height follows), so a step
       never costs a rebuild; a new width or a real change of height rebuilds. */
    const resized = () => {
      const box = region.getBoundingClientRect();
      const w = Math.max(200, Math.floor(box.width) - 2), h = Math.max(120, Math.floor(box.height) - 2);
      if (svg && Math.abs(w - width) <= 1 && h >= bottom && Math.abs(h - height) <= 40) {
        const keep = Math.ceil(Math.max(h, bottom));
        svg.setAttribute("height", keep);
        svg.setAttribute("viewBox", `0 0 ${svgW} ${keep}`);
        return;
      }
      relayout();
    };
    if (window.ResizeObserver) new ResizeObserver(resized).observe(region);
    ms.on("step", (index, previous, why) => show(index, why));
    ms.on("lang", () => { if (svg && svg.dataset.lang !== ms.lang) build(); });
    ms.on("options", (name) => {
      if (name === "analogy" || name === "projector") relayout();
      else if (name === "showEncrypted" && svg) { const e = ms.events[ms.index]; if (e && e.type === "message") tokenLabel.textContent = label(e); }
    });
    /* Where step index's token is at fraction f of its trip, in page pixels (for tests). */
    const at = (index, f) => {
      const e = ms.events[index];
      const p = e && e.type === "message" ? position(e, pathOf(e), f) : null;
      const box = svg.getBoundingClientRect();
      return p && [box.left + p[0], box.top + p[1]];
    };
    ms.network = { build, show, label, at };  // for the tests and the benchmark
    build();
  },
});
