"use strict";
/* The filters, with the CLI's meaning: MS.select(filter) is a port of
   views/select.py's Selection.keeper (keep each in step with the other; the browser
   tests compare them on the bundled scenarios), and the filter bar above the event list.

   filter = {protocols: ["SMTP"], hosts: ["relay.example.net"], conns: ["c3"],
             start: seconds|null, end: seconds|null, tcp: true|false, withState: bool}
   Empty fields select everything. A line is kept if it passes the protocol, connection
   and TCP parts and lies in the bounds (time, hosts). A state change under a protocol or
   connection filter is kept only if a kept line caused it — a line that arrived at its
   host at the same instant, or the same cause as the state change just before it at the
   same host with nothing in between — or if its own data names a filtered protocol (the
   resolver's actions for DNS, a "protocol" or "service" field); withState keeps them all. */
(() => {
  const ACTIONS = (MS.data.selection && MS.data.selection.actions) || {};

  function isTransport(protocol) {
    const p = MS.data.protocols[protocol];
    return !!(p && p.transport);
  }
  function normalise(filter) {
    const f = filter || {};
    const num = (v) => (v === null || v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Number(v));
    return {
      protocols: new Set((f.protocols || []).map((p) => String(p).toUpperCase())),
      hosts: new Set(f.hosts || []),
      conns: new Set(f.conns || []),
      start: num(f.start),
      end: num(f.end),
      tcp: f.tcp !== false,
      withState: !!f.withState,
    };
  }

  /* A predicate to call on each event in trace order (it remembers the lines seen). */
  function keeper(f) {
    const byLines = (f.protocols.size > 0 || f.conns.size > 0) && !f.withState;
    const arrived = new Map();  // "host\0instant" -> instant, for each kept line's arrival
    let last = null;            // the previous event, if a state change: {node, caused}
    const inBounds = (e, time) => {
      if (f.start !== null && time < f.start) return false;
      if (f.end !== null && time > f.end) return false;
      if (!f.hosts.size) return true;
      return e.type === "message" ? f.hosts.has(e.src) || f.hosts.has(e.dst) : f.hosts.has(e.node);
    };
    const linePasses = (e) => {
      if (!f.tcp && isTransport(e.protocol)) return false;
      if (f.protocols.size && !f.protocols.has(e.protocol)) return false;
      return !(f.conns.size && !f.conns.has(e.conn));
    };
    const namesProtocol = (e) => {
      if (!f.protocols.size) return false;
      if (f.protocols.has(ACTIONS[e.action])) return true;
      for (const field of ["protocol", "service"]) {
        const value = e.data ? e.data[field] : undefined;
        if (typeof value === "string" && f.protocols.has(value.split(" ")[0].toUpperCase())) return true;
      }
      return false;
    };
    return (e) => {
      if (e.type === "message") {
        last = null;
        const passes = linePasses(e);
        if (passes && byLines && e.t_arrived !== null && e.t_arrived !== undefined) {
          if (arrived.size > 4096) {  // instants already past can match no later event
            for (const [k, t] of arrived) if (t < e.t_sent) arrived.delete(k);
          }
          arrived.set(`${e.dst}\u0000${e.t_arrived}`, e.t_arrived);
        }
        return passes && inBounds(e, e.t_sent);
      }
      const caused = arrived.has(`${e.node}\u0000${e.t}`) || (last !== null && last.node === e.node && last.caused);
      last = { node: e.node, caused };
      if (!inBounds(e, e.t)) return false;
      return !byLines || caused || namesProtocol(e);
    };
  }

  MS.select = (filter) => {
    const keeps = keeper(normalise(filter));
    const kept = [];
    const events = MS.events;
    for (let i = 0; i < events.length; i++) if (keeps(events[i])) kept.push(i);
    return kept;
  };

  /* "90", "1.5", "1m30s", "0.2s", "2h": seconds, or null if not a time. */
  function parseTime(text) {
    const word = String(text).trim();
    if (word === "") return null;
    if (/^\d+(\.\d+)?$/.test(word)) return Number(word);
    const re = /(\d+(?:\.\d+)?)\s*(ms|h|m|s)/g;
    let total = 0, matched = "", m;
    while ((m = re.exec(word)) !== null) {
      const n = Number(m[1]);
      total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "ms" ? n / 1000 : n;
      matched += m[0];
    }
    return matched && matched.replace(/\s/g, "") === word.replace(/\s/g, "") ? total : undefined;
  }

  MS.view("filter", {
    init(ms) {
      const panel = document.getElementById("ms-events");
      const el = (tag, attrs, text) => {
        const node = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
        if (text != null) node.textContent = text;
        return node;
      };
      const used = new Set();
      const conns = new Map();  // conn -> {first event, protocol}
      for (const e of ms.events) {
        if (e.type !== "message") continue;
        used.add(e.protocol);
        if (e.conn === null) continue;
        const c = conns.get(e.conn);
        if (!c) conns.set(e.conn, { e, protocol: isTransport(e.protocol) ? null : e.protocol });
        else if (!c.protocol && !isTransport(e.protocol)) c.protocol = e.protocol;
      }
      const protocols = Object.keys(ms.data.protocols).filter((p) => used.has(p))
        .sort((a, b) => ms.data.protocols[a].rank - ms.data.protocols[b].rank);

      const bar = el("div", { id: "ms-filter", class: "ms-filter" });
      const chips = el("div", { class: "ms-filter-row", id: "ms-filter-protocols" });
      const chipButtons = protocols.map((p) => {
        const b = el("button", { type: "button", class: "ms-filter-chip", "data-protocol": p, "aria-pressed": "false" }, p);
        b.style.borderColor = ms.colour(p);
        b.addEventListener("click", () => toggleIn("protocols", p));
        chips.appendChild(b);
        return b;
      });
      const row2 = el("div", { class: "ms-filter-row" });
      const hostSelect = el("select", { id: "ms-filter-host" });
      const connSelect = el("select", { id: "ms-filter-conn" });
      hostSelect.addEventListener("change", () => { if (hostSelect.value) addTo("hosts", hostSelect.value); });
      connSelect.addEventListener("change", () => { if (connSelect.value) addTo("conns", connSelect.value); });
      const from = el("input", { id: "ms-filter-start", type: "text", size: "6", autocomplete: "off" });
      const to = el("input", { id: "ms-filter-end", type: "text", size: "6", autocomplete: "off" });
      for (const input of [from, to]) {
        input.addEventListener("change", readTimes);
        input.addEventListener("keydown", (e) => { if (e.key === "Enter") readTimes(); else if (e.key === "Escape") input.blur(); });
      }
      row2.append(hostSelect, connSelect);
      const row3 = el("div", { class: "ms-filter-row" });
      const tcp = el("button", { type: "button", id: "ms-filter-tcp", class: "ms-filter-toggle" });
      tcp.addEventListener("click", () => { current.tcp = current.tcp === false; apply(); });
      const withState = el("button", { type: "button", id: "ms-filter-state", class: "ms-filter-toggle" });
      withState.addEventListener("click", () => { current.withState = !current.withState; apply(); });
      const clear = el("button", { type: "button", id: "ms-filter-clear" });
      clear.addEventListener("click", () => { current = empty(); from.value = ""; to.value = ""; apply(); });
      const count = el("span", { id: "ms-filter-count", class: "ms-hint" });
      row3.append(from, to, tcp, withState, clear);
      const picked = el("div", { class: "ms-filter-row", id: "ms-filter-picked" });
      // a head line that folds the bar away (folded in projector mode, where room is short)
      const head = el("div", { class: "ms-filter-row ms-filter-head" });
      const fold = el("button", { type: "button", id: "ms-filter-fold", "aria-expanded": "true" });
      fold.addEventListener("click", () => setOpen(bar.classList.contains("ms-filter-folded")));
      const summary = el("span", { id: "ms-filter-summary" });
      head.append(fold, summary, count);
      const body = el("div", { class: "ms-filter-body" });
      body.append(chips, row2, row3, picked);
      bar.append(head, body);
      panel.prepend(bar);
      function setOpen(open) {
        bar.classList.toggle("ms-filter-folded", !open);
        fold.setAttribute("aria-expanded", String(open));
        fold.textContent = `${open ? "▾" : "▸"} ${ms.t("html.events.filter.title")}`;
      }

      function empty() { return { protocols: [], hosts: [], conns: [], start: null, end: null, tcp: true, withState: false }; }
      let current = empty();
      let applying = false;
      function apply() {
        applying = true;
        try { ms.setFilter(JSON.parse(JSON.stringify(current))); } finally { applying = false; }
      }
      function toggleIn(field, value) {
        const list = current[field];
        const at = list.indexOf(value);
        if (at >= 0) list.splice(at, 1); else list.push(value);
        apply();
      }
      function addTo(field, value) { if (!current[field].includes(value)) toggleIn(field, value); }
      function readTimes() {
        const start = parseTime(from.value), end = parseTime(to.value);
        from.classList.toggle("ms-bad", start === undefined);
        to.classList.toggle("ms-bad", end === undefined);
        if (start === undefined || end === undefined) return;
        current.start = start;
        current.end = end;
        apply();
      }
      function hostLabel(name) {
        const h = ms.host(name);
        return h ? `${h.short} — ${ms.pick(h.title)}` : name;
      }
      function connLabel(id) {
        const c = conns.get(id);
        const src = ms.host(c.e.src), dst = ms.host(c.e.dst);
        return `${id} · ${c.protocol || c.e.protocol}:${c.e.port} ${src ? src.short : c.e.src} → ${dst ? dst.short : c.e.dst}`;
      }
      function fillSelects() {
        hostSelect.replaceChildren(el("option", { value: "" }, ms.t("html.events.filter.host")));
        for (const h of ms.hosts) hostSelect.appendChild(el("option", { value: h.name }, hostLabel(h.name)));
        connSelect.replaceChildren(el("option", { value: "" }, ms.t("html.events.filter.conn")));
        for (const id of conns.keys()) connSelect.appendChild(el("option", { value: id }, connLabel(id)));
      }
      function sync() {
        for (const b of chipButtons) b.setAttribute("aria-pressed", String(current.protocols.includes(b.dataset.protocol)));
        tcp.setAttribute("aria-pressed", String(current.tcp !== false));
        withState.setAttribute("aria-pressed", String(!!current.withState));
        hostSelect.value = "";
        connSelect.value = "";
        picked.replaceChildren();
        for (const [field, label] of [["hosts", (n) => { const h = ms.host(n); return h ? h.short : n; }], ["conns", (c) => c]]) {
          for (const value of current[field]) {
            const b = el("button", { type: "button", class: "ms-filter-picked", "data-field": field, "data-value": value }, `${label(value)} ×`);
            b.title = ms.t("html.events.filter.remove");
            b.addEventListener("click", () => toggleIn(field, value));
            picked.appendChild(b);
          }
        }
        count.textContent = ms.t("html.events.filter.count", { shown: ms.shown().length, all: ms.events.length });
        const words = [...current.protocols, ...current.hosts.map((n) => { const h = ms.host(n); return h ? h.short : n; }),
          ...current.conns];
        if (current.start !== null || current.end !== null) {
          words.push(`${current.start === null ? "" : ms.formatTime(current.start)}–${current.end === null ? "" : ms.formatTime(current.end)}`);
        }
        if (current.tcp === false) words.push(ms.t("html.events.filter.no_tcp"));
        if (current.withState) words.push(ms.t("html.events.filter.with_state"));
        summary.textContent = words.join(" · ");
      }
      function labels() {
        from.placeholder = ms.t("html.events.filter.start");
        to.placeholder = ms.t("html.events.filter.end");
        from.title = ms.t("html.events.filter.time_hint");
        to.title = from.title;
        tcp.textContent = ms.t("html.events.filter.tcp");
        withState.textContent = ms.t("html.events.filter.with_state");
        withState.title = ms.t("html.events.filter.with_state_hint");
        clear.textContent = ms.t("html.events.filter.clear");
        setOpen(!bar.classList.contains("ms-filter-folded"));
        fillSelects();
        sync();
      }
      ms.on("filter", (filter) => {
        // a filter set from elsewhere (a test, another view): show it; our own stays as it is,
        // since the core drops a filter that keeps everything (withState alone) to null
        if (!applying) {
          current = Object.assign(empty(), JSON.parse(JSON.stringify(filter || {})));
          if (current.start === null) from.value = "";
          if (current.end === null) to.value = "";
        }
        sync();
      });
      ms.on("lang", labels);
      ms.on("options", (name, value) => { if (name === "projector") setOpen(!value); });
    },
  });
})();
