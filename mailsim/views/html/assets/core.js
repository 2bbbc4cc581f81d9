"use strict";
/* mailsim classroom page — the shared state and the event bus.

   Every view is a script of its own that registers with MS.view(name, {init}) and, in
   init, subscribes to what it shows: MS.on("step", fn(index, previous)), "lang",
   "filter", "options". Views read MS.data (the page's data, see payload.py) and MS's
   fields; they never call each other. The current step is MS.index, the position of
   the current event in MS.events (equal to its "seq"); the state shown at a step is the
   fold of the events up to and including it, as in the terminal player. */
const MS = (() => {
  const data = JSON.parse(document.getElementById("ms-data").textContent);
  const handlers = Object.create(null);
  const views = [];
  const keys = [];  // [{keys: ["ArrowRight"], label: "html.key.next", run}]

  const ms = {
    data,
    events: data.events,
    hosts: data.hosts,
    index: 0,
    lang: data.lang,
    analogy: data.analogy,
    showEncrypted: false,
    projector: false,
    playing: false,
    speed: 1,
    filter: null,      // {protocols: [], hosts: [], conns: [], start, end, withState, tcp}
    kept: null,        // sorted positions the filter keeps (null: every event)
    select: null,      // set by the filter script: filter -> sorted positions
    started: false,

    on(name, fn) { (handlers[name] || (handlers[name] = [])).push(fn); },
    /* Calls every handler; returns the largest number any returned (a view's wish for
       time, in ms, before the next step while playing). */
    emit(name, ...args) {
      let wish = 0;
      for (const fn of handlers[name] || []) {
        const got = fn(...args);
        if (typeof got === "number" && got > wish) wish = got;
      }
      return wish;
    },
    view(name, v) { views.push([name, v]); },
    key(list, label, run) { keys.push({ keys: list, label, run }); },
    keyList() { return keys.slice(); },

    /* A catalogue text in the page's language (English if missing), {name} filled. */
    t(key, values) {
      const text = (data.ui[ms.lang] && data.ui[ms.lang][key]) || data.ui.en[key] || key;
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
    },
    /* A per-language mapping {en: ..., ja: ...} read in the page's language. */
    pick(byLang) {
      if (!byLang) return null;
      return byLang[ms.lang] != null ? byLang[ms.lang] : byLang.en;
    },
    host(name) { return hostByName.get(name) || null; },
    hostIndex(name) { return hostOrder.has(name) ? hostOrder.get(name) : -1; },
    colour(protocol) {
      const p = data.protocols[protocol];
      return p ? p.colour : "#444444";
    },
    time(event) { return event.type === "message" ? event.t_sent : event.t; },
    /* Simulated seconds as people read them: 0.078 s, 5 min 30 s, 2 h 5 min. */
    formatTime(seconds) {
      if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 3 : 1)} s`;
      const s = Math.round(seconds);
      const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
      if (h) return ms.t("html.time.hm", { h, m });
      return r ? ms.t("html.time.ms", { m, s: r }) : ms.t("html.time.m", { m });
    },

    /* Positions shown under the filter, in order. */
    shown() { return ms.kept || allPositions(); },
    /* The current event's place (0-based) among the shown ones. */
    place() { return place(); },
    isShown(i) { return !ms.kept || keptSet.has(i); },

    go(i, why) {
      if (!ms.events.length) return;
      let target = Math.max(0, Math.min(ms.events.length - 1, i | 0));
      if (ms.kept && !keptSet.has(target)) target = nearestKept(target);
      if (target < 0) return;
      const previous = ms.index;
      ms.index = target;
      writeHash();
      return ms.emit("step", target, previous, why || "go");
    },
    next() { return step(+1); },
    prev() { return step(-1); },
    first() { const s = ms.shown(); if (s.length) ms.go(s[0]); },
    last() { const s = ms.shown(); if (s.length) ms.go(s[s.length - 1]); },
    atEnd() { const s = ms.shown(); return !s.length || ms.index >= s[s.length - 1]; },
    /* "56" or "#56": a step; "1m30s", "0.2s", "15m": the last step at or before that time. */
    jump(text) {
      const word = String(text).trim();
      const step = /^#?(\d+)$/.exec(word);
      if (step) { ms.go(Number(step[1]), "jump"); return true; }
      const t = parseDuration(word);
      if (t === null) return false;
      let found = 0;
      for (const i of ms.shown()) { if (ms.time(ms.events[i]) <= t) found = i; else break; }
      ms.go(found, "jump");
      return true;
    },

    setLang(lang) {
      if (!data.ui[lang] || lang === ms.lang) return;
      ms.lang = lang;
      document.documentElement.lang = lang;
      writeHash();
      ms.emit("lang", lang);
    },
    setOption(name, value) {
      ms[name] = value;
      document.body.classList.toggle(`ms-${name}`, !!value);
      writeHash();
      ms.emit("options", name, value);
    },
    setFilter(filter) {
      ms.filter = filter && !isEmptyFilter(filter) ? filter : null;
      ms.kept = ms.filter && ms.select ? ms.select(ms.filter) : null;
      keptSet = new Set(ms.kept || []);
      ms.emit("filter", ms.filter);
      ms.go(ms.index, "filter");
    },

    play() {
      if (ms.playing) return;
      ms.setOption("playing", true);
      tick(0);
    },
    pause() {
      clearTimeout(timer);
      if (ms.playing) ms.setOption("playing", false);
    },
    toggle() { if (ms.playing) ms.pause(); else ms.play(); },
    faster() { ms.setOption("speed", Math.min(16, ms.speed * 2)); },
    slower() { ms.setOption("speed", Math.max(0.125, ms.speed / 2)); },

    start() {
      for (const [, v] of views) if (v.init) v.init(ms);
      ms.started = true;
      readHash();
      window.addEventListener("hashchange", readHash);
      document.addEventListener("keydown", onKey);
      ms.emit("lang", ms.lang);
      ms.go(ms.index, "start");
      document.body.dataset.ready = "1";
    },
  };

  const hostByName = new Map(data.hosts.map((h) => [h.name, h]));
  const hostOrder = new Map(data.hosts.map((h, i) => [h.name, i]));
  let keptSet = new Set();
  let all = null;
  let timer = 0;

  function allPositions() {
    if (!all) all = ms.events.map((_, i) => i);
    return all;
  }
  function nearestKept(i) {
    const kept = ms.kept;
    if (!kept.length) return -1;
    let lo = 0, hi = kept.length - 1;
    while (lo < hi) {  // the last kept position at or before i, else the first after
      const mid = (lo + hi + 1) >> 1;
      if (kept[mid] <= i) lo = mid; else hi = mid - 1;
    }
    return kept[lo] <= i ? kept[lo] : kept[0];
  }
  /* The place of the current event among the shown ones (binary search: no scan per step). */
  function place() {
    if (!ms.kept) return ms.index;
    const kept = ms.kept;
    let lo = 0, hi = kept.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid] < ms.index) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function step(direction) {
    const shown = ms.shown();
    if (!shown.length) return 0;
    const to = Math.max(0, Math.min(shown.length - 1, place() + direction));
    if (shown[to] === ms.index) return 0;
    return ms.go(shown[to], direction > 0 ? "next" : "prev");
  }
  function tick(wish) {
    const base = 900 / ms.speed;
    timer = setTimeout(() => {
      if (!ms.playing) return;
      if (ms.atEnd()) { ms.pause(); return; }
      tick(step(+1) || 0);
    }, Math.max(base, wish || 0));
  }
  function isEmptyFilter(f) {
    return !((f.protocols && f.protocols.length) || (f.hosts && f.hosts.length)
      || (f.conns && f.conns.length) || f.start != null || f.end != null || f.tcp === false);
  }
  function parseDuration(word) {
    const re = /(\d+(?:\.\d+)?)\s*(ms|h|m|s)/g;
    let total = 0, matched = "", m;
    while ((m = re.exec(word)) !== null) {
      const n = Number(m[1]);
      total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "ms" ? n / 1000 : n;
      matched += m[0];
    }
    return matched && matched.replace(/\s/g, "") === word.replace(/\s/g, "") ? total : null;
  }
  function writeHash() {
    if (!ms.started) return;
    const parts = [`step=${ms.index}`];
    if (ms.lang !== data.lang) parts.push(`lang=${ms.lang}`);
    if (ms.projector) parts.push("projector=1");
    const hash = `#${parts.join("&")}`;
    if (location.hash === hash) return;
    try {
      history.replaceState(null, "", hash);
    } catch (e) {
      // a sandboxed frame (the notebook's iframe) may refuse: the page works without it
    }
  }
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.has("lang")) ms.setLang(params.get("lang"));
    if (params.get("projector") === "1" && !ms.projector) ms.setOption("projector", true);
    if (params.has("step")) {
      const n = Number(params.get("step"));
      if (Number.isFinite(n) && n !== ms.index) ms.go(n, "hash");
    }
  }
  function onKey(event) {
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT"
      || target.tagName === "TEXTAREA")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    for (const k of keys) {
      if (k.keys.includes(event.key)) {
        event.preventDefault();
        k.run(event);
        return;
      }
    }
  }
  return ms;
})();
window.MS = MS;
