"use strict";
/* The event list (#ms-events): one row per event the filter shows — step, time, who to
   whom, protocol and port, the line's first line (an encrypted line's words only with
   "show encrypted"), or a state change's one-liner. The current row is highlighted and
   kept in view; a click on a row goes there.

   Virtualised: every row has the same height, a spacer as tall as all of them keeps the
   scroll bar true, and only the rows in view (plus a few) are in the DOM, so a
   20,000-event trace steps as fast as a short one. */
MS.view("events", {
  init(ms) {
    const panel = document.getElementById("ms-events");
    const captions = ms.data.captions || [];
    const list = document.createElement("div");
    list.id = "ms-events-list";
    list.setAttribute("role", "listbox");
    const spacer = document.createElement("div");
    spacer.className = "ms-ev-spacer";
    list.appendChild(spacer);
    panel.appendChild(list);
    const EXTRA = 6;  // rows drawn beyond the visible ones, each side
    let rowHeight = 0;
    let drawn = { from: 0, to: 0, shown: null, key: "" };
    let rows = new Map();  // event position -> its row element
    let currentRow = null;

    function short(name) {
      const h = ms.host(name);
      return h ? h.short : name;
    }
    function firstLine(text) {
      const at = text.indexOf("\n");
      return at < 0 ? text : `${text.slice(0, at)} …`;
    }
    function row(i) {
      const e = ms.events[i];
      const r = document.createElement("div");
      r.className = "ms-ev-row";
      r.dataset.i = String(i);
      r.setAttribute("role", "option");
      const head = document.createElement("div");
      head.className = "ms-ev-head";
      const text = document.createElement("div");
      text.className = "ms-ev-text";
      if (e.type === "message") {
        r.classList.add("ms-ev-message");
        r.style.borderLeftColor = ms.colour(e.protocol);
        const lost = e.t_arrived === null ? ` · ${ms.t("html.events.lost")}` : "";
        head.textContent = `#${e.seq} · ${ms.formatTime(e.t_sent)} · ${short(e.src)} → ${short(e.dst)} · ${e.protocol}:${e.port}${lost}`;
        if (e.encrypted) {
          r.classList.add("ms-ev-encrypted");
          text.textContent = ms.showEncrypted ? `🔒 ${firstLine(e.text)}` : `🔒 ${ms.t("html.events.encrypted")}`;
        } else {
          text.textContent = firstLine(e.text) || ms.t("html.events.empty_line");
        }
        if (e.t_arrived === null) r.classList.add("ms-ev-lost");
      } else {
        r.classList.add("ms-ev-state");
        head.textContent = `#${e.seq} · ${ms.formatTime(e.t)} · ${short(e.node)} · ${e.action}`;
        const c = captions[i];
        text.textContent = (c && ms.pick(c.state)) || e.action;
      }
      r.append(head, text);
      return r;
    }
    function measure() {
      const probe = row(0);
      probe.style.visibility = "hidden";
      list.appendChild(probe);
      rowHeight = probe.offsetHeight || 0;
      probe.remove();
    }
    /* The place of event i in the sorted shown positions (or where it would be). */
    function placeOf(shown, i) {
      let lo = 0, hi = shown.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (shown[mid] < i) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    function visible() { return !panel.hidden && list.clientHeight > 0; }
    /* Draws the rows in view; only if the range, the filter or the words changed. */
    function draw(force) {
      if (!ms.events.length || !visible()) return;
      if (!rowHeight || force) measure();
      if (!rowHeight) return;
      const shown = ms.shown();
      spacer.style.height = `${shown.length * rowHeight}px`;
      const from = Math.max(0, Math.floor(list.scrollTop / rowHeight) - EXTRA);
      const to = Math.min(shown.length, Math.ceil((list.scrollTop + list.clientHeight) / rowHeight) + EXTRA);
      const key = `${ms.lang}|${ms.showEncrypted}|${rowHeight}`;
      if (!force && drawn.shown === shown && drawn.from === from && drawn.to === to && drawn.key === key) return;
      const next = new Map();
      const fragment = document.createDocumentFragment();
      for (let k = from; k < to; k++) {
        const i = shown[k];
        let r = drawn.key === key && !force ? rows.get(i) : undefined;
        if (!r) { r = row(i); fragment.appendChild(r); }
        r.style.transform = `translateY(${k * rowHeight}px)`;
        next.set(i, r);
      }
      for (const [i, r] of rows) if (next.get(i) !== r) r.remove();
      spacer.appendChild(fragment);
      rows = next;
      drawn = { from, to, shown, key };
      mark();
    }
    function mark() {
      const r = rows.get(ms.index) || null;
      if (r === currentRow) return;
      if (currentRow) { currentRow.classList.remove("ms-ev-current"); currentRow.removeAttribute("aria-selected"); }
      if (r) { r.classList.add("ms-ev-current"); r.setAttribute("aria-selected", "true"); }
      currentRow = r;
    }
    /* Scrolls so the current row is in view (a row of room above and below when it can). */
    function follow() {
      if (!visible()) return;
      if (!rowHeight) measure();
      const shown = ms.shown();
      spacer.style.height = `${shown.length * rowHeight}px`;  // before scrolling: the room to scroll in
      const at = placeOf(shown, ms.index);
      const top = at * rowHeight, bottom = top + rowHeight;
      const view = list.clientHeight;
      const room = Math.min(rowHeight, Math.max(0, (view - rowHeight) / 2));  // a short list: none
      if (top - room < list.scrollTop) list.scrollTop = Math.max(0, top - room);
      else if (bottom + room > list.scrollTop + view) list.scrollTop = bottom + room - view;
    }
    function refresh(force) { follow(); draw(force); mark(); }

    list.addEventListener("scroll", () => draw(false));
    list.addEventListener("click", (event) => {
      const r = event.target.closest(".ms-ev-row");
      if (r) ms.go(Number(r.dataset.i), "events");
    });
    ms.on("step", () => refresh(false));
    ms.on("filter", () => { list.scrollTop = 0; refresh(true); });
    ms.on("lang", () => refresh(true));
    ms.on("options", (name) => {
      if (name === "showEncrypted" || name === "projector") { rowHeight = 0; refresh(true); }
    });
    ms.on("tab", (name) => { if (name === "events") refresh(true); });
    // the list's box changes with the window, projector mode, the other views' sizes:
    // keep the current row in view and draw what the new box shows
    let lastHeight = -1;
    new ResizeObserver(() => {
      if (list.clientHeight === lastHeight) return;
      lastHeight = list.clientHeight;
      rowHeight = 0;
      refresh(true);
    }).observe(list);
  },
});
