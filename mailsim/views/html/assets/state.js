"use strict";
/* The "state" tab: every node's state after the current step, folded by fold.js
   (MS.stateAt): each mail client's store (online or not, IDLE, the mail written there,
   POP3 downloads and the IMAP cache, sent mail kept on the device, the IMAP message
   lists), each mail server's mailboxes (INBOX and the other folders) and queue with its
   retry timers, and every resolver cache with the TTL left at this step's time.

   The view is a list of rows, each with a key. A step builds the rows of this step's
   state and of the step before (kept per state object), marks the rows that are new or
   changed and adds the ones gone as struck-through ghosts, then patches the DOM: only
   rows whose text changed are rewritten. Long lists show their last LIMIT entries.
   Nothing is drawn while the tab is hidden. */
MS.view("state", {
  init(ms) {
    const LIMIT = 25;
    const STATEFUL = new Set(["client", "mail_server", "relay"]);
    const panel = document.getElementById("ms-state");
    const head = document.createElement("div");
    head.id = "ms-state-head";
    const title = document.createElement("div");
    title.id = "ms-state-title";
    const legend = document.createElement("div");
    legend.id = "ms-state-legend";
    const changedChip = document.createElement("span");
    changedChip.className = "ms-st-chip ms-st-changed";
    const goneChip = document.createElement("span");
    goneChip.className = "ms-st-chip ms-st-gone";
    legend.append(changedChip, goneChip);
    head.append(title, legend);
    const body = document.createElement("div");
    body.id = "ms-state-body";
    const note = document.createElement("div");
    note.id = "ms-state-note";
    panel.append(head, body, note);

    // Mailboxes that ever appear at each node, so one shows empty before its first mail
    // (as the player's known_mailboxes).
    const known = new Map();
    for (const e of ms.events) {
      if (e.type === "state" && e.data && typeof e.data.mailbox === "string"
        && ["stored", "deleted", "flags_changed", "over_quota"].includes(e.action)) {
        if (!known.has(e.node)) known.set(e.node, new Set());
        known.get(e.node).add(e.data.mailbox);
      }
    }
    const hasTimers = ms.events.some((e) => e.type === "state" && e.action === "retry_scheduled");

    const models = new WeakMap();  // state -> {lang, rows}
    const live = new Map();  // key -> {el, text}
    let drawnFor = -1, drawnLang = null;

    const t = (key, values) => ms.t(`html.state.${key}`, values);
    const bytes = (size) => t("bytes", { size });
    const quote = (subject) => t("quote", { subject });

    /* One row: its key, depth, class, the words shown, and `sig`, what counts as a change
       (the TTL left ticks with time; only expiring changes the row). */
    function rowsOf(s) {
      const rows = [];
      const add = (key, depth, cls, parts, sig) => {
        rows.push({ key, depth, cls, parts, sig: sig !== undefined ? sig : parts.map((p) => p[1]).join(" ") });
      };
      const limited = (list, key, depth, each) => {
        const skip = Math.max(0, list.length - LIMIT);
        if (skip) add(`${key}|more`, depth, "more", [["", t("more", { count: skip })]], "");
        for (let i = skip; i < list.length; i++) each(list[i], i);
      };
      for (const host of hostsOf(s)) {
        const h = ms.host(host);
        add(`h|${host}`, 0, "host", [["ms-st-title", h ? ms.pick(h.title) : host], ["ms-st-name", host]]);
        const before = rows.length;
        const role = h ? h.role : "";
        if (role === "client" || s.devices.has(host) || s.outboxes.has(host)) deviceRows(s, host, add, limited);
        if (role === "mail_server" || s.mailboxes.has(host) || s.folders.has(host)) mailboxRows(s, host, add, limited);
        if (role === "mail_server" || role === "relay" || s.queues.has(host)) queueRows(s, host, add, limited);
        if (s.dns_caches.has(host)) cacheRows(s, host, add, limited);
        if (rows.length === before) add(`${host}|nothing`, 1, "muted", [["", t("nothing")]]);
      }
      return rows;
    }
    function hostsOf(s) {
      const names = ms.hosts.filter((h) => STATEFUL.has(h.role)).map((h) => h.name);
      const seen = new Set(names);
      for (const map of [s.mailboxes, s.folders, s.queues, s.dns_caches, s.devices, s.outboxes]) {
        for (const name of map.keys()) if (!seen.has(name)) { seen.add(name); names.push(name); }
      }
      return names;
    }
    function deviceRows(s, host, add, limited) {
      const d = s.devices.get(host);
      const online = !d || d.online;
      add(`${host}|online`, 1, online ? "online" : "offline", [["", `${online ? "●" : "○"} ${t(online ? "online" : "offline")}`]]);
      if (d && d.idling) add(`${host}|idle`, 1, "idle", [["", t("idling", { folder: d.idling })]]);
      const outbox = s.outboxes.get(host) || [];
      if (outbox.length) {
        add(`${host}|outbox`, 1, "label", [["", t("outbox")]]);
        limited(outbox, `${host}|outbox`, 2, (m, i) => add(`${host}|o|${i}|${m.message_id}`, 2, "item", [
          ["", `${quote(m.subject)} → ${m.recipients.join(", ")}`], ["ms-st-muted", `(${t(`outbox.${m.status}`)})`]]));
      }
      if (!d) return;
      if (d.local.size) {
        const size = [...d.local.values()].reduce((n, c) => n + c.size, 0);
        add(`${host}|local`, 1, "label", [["", t("local")], ["ms-st-muted", bytes(size)]]);
        limited([...d.local.values()], `${host}|local`, 2, (c) => add(`${host}|l|${c.message_id}`, 2, "item", [
          ["", `${quote(c.subject)} ${bytes(c.size)}`],
          ["ms-st-muted", `(${t(c.source === "POP3" ? "source.pop3" : "source.imap")})`],
          ...(c.read ? [["ms-st-flag", t("read")]] : [])]));
      }
      if (d.sent.size) {
        for (const folder of new Set([...d.sent.values()].map((c) => c.source))) {
          add(`${host}|sent|${folder}`, 1, "label", [["", t("sent_here", { folder })]]);
          limited([...d.sent.values()].filter((c) => c.source === folder), `${host}|sent|${folder}`, 2,
            (c) => add(`${host}|s|${c.message_id}`, 2, "item", [["", `${quote(c.subject)} ${bytes(c.size)}`]]));
        }
      }
      const lists = [[null, d.view], ...d.folders];
      for (const [folder, listing] of lists) {
        if (!listing.size && folder === null) continue;
        const label = folder === null ? t("view") : t("folder_view", { folder });
        add(`${host}|view|${folder}`, 1, "label", [["", label]]);
        limited([...listing], `${host}|view|${folder}`, 2, ([uid, e]) => add(`${host}|v|${folder}|${uid}`, 2, "item", [
          ["ms-st-uid", String(uid)], ["", `${quote(e.subject)} ${bytes(e.size)}`],
          ...(e.flags.length ? [["ms-st-flag", e.flags.join(" ")]] : [])]));
      }
    }
    function messageRows(key, box, add, limited) {
      limited(box, key, 3, (m) => add(`${key}|${m.uid}|${m.message_id}`, 3, "item", [
        ["ms-st-uid", String(m.uid)], ["", `${quote(m.subject)} ${bytes(m.size)}`],
        ...(m.flags.size ? [["ms-st-flag", [...m.flags].sort().join(" ")]] : []),
        ["ms-st-muted", t("from", { sender: m.sender || "<>" })]]));
    }
    function boxLine(key, name, box, add) {
      const size = box.reduce((n, m) => n + m.size, 0);
      add(key, 2, "box", [["ms-st-box", name],
        ["ms-st-muted", box.length ? t("messages", { count: box.length, size }) : t("empty")]]);
    }
    function mailboxRows(s, host, add, limited) {
      const boxes = s.mailboxes.get(host) || new Map();
      const accounts = s.folders.get(host) || new Map();
      const names = [...new Set([...(known.get(host) || []), ...boxes.keys(), ...accounts.keys()])];
      if (!names.length) { add(`${host}|mailboxes`, 1, "label", [["", t("mailboxes")], ["ms-st-muted", t("no_mail")]]); return; }
      add(`${host}|mailboxes`, 1, "label", [["", t("mailboxes")]]);
      for (const address of names) {
        const inbox = boxes.get(address) || [];
        const key = `m|${host}|${address}|INBOX`;
        boxLine(key, `${address} · INBOX`, inbox, add);
        messageRows(key, inbox, add, limited);
        for (const [folder, box] of accounts.get(address) || []) {
          const fkey = `m|${host}|${address}|${folder}`;
          boxLine(fkey, `${address} · ${folder}`, box, add);
          messageRows(fkey, box, add, limited);
        }
      }
    }
    function queueRows(s, host, add, limited) {
      const queue = s.queues.get(host) || new Map();
      const timers = s.retries.get(host) || new Map();
      if (!queue.size && !timers.size) { add(`${host}|queue`, 1, "label", [["", t("queue")], ["ms-st-muted", t("empty")]]); return; }
      add(`${host}|queue`, 1, "label", [["", t("queue")]]);
      limited([...queue], `${host}|queue`, 2, ([id, e]) => {
        add(`q|${host}|${id}`, 2, "item", [["ms-st-uid", id], ["", `${quote(e.subject)} ${bytes(e.size)}`],
          ["ms-st-muted", e.recipients.length ? t("left", { recipients: e.recipients.join(", ") }) : t("done")]]);
        if (timers.has(id)) timerRow(s, host, timers.get(id), add);
      });
      for (const [id, timer] of timers) if (!queue.has(id)) timerRow(s, host, timer, add);
    }
    function timerRow(s, host, r, add) {
      const values = { attempt: r.attempt, at: ms.formatTime(r.at), recipients: r.recipients.join(", ") };
      const due = r.at <= s.time;
      const text = due ? t("retry_due", values) : t("retry", { ...values, left: ms.formatTime(r.at - s.time) });
      add(`r|${host}|${r.queue_id}`, 3, due ? "retry due" : "retry", [["", `↻ ${text}`]],
        `${r.attempt} ${r.at} ${due}`);
    }
    function cacheRows(s, host, add, limited) {
      const cache = s.dns_caches.get(host);
      add(`${host}|dns`, 1, "label", [["", t("dns_cache")], ...(cache.size ? [] : [["ms-st-muted", t("empty")]])]);
      limited([...cache.values()], `${host}|dns`, 2, (e) => {
        // WorldState.cache: an entry is live while expires_at > time
        const expired = !(e.expires_at > s.time);
        const answer = e.records.length ? e.records.join(" · ") : t("negative", { rcode: e.rcode });
        const left = expired ? t("expired") : t("ttl_left", { seconds: (e.expires_at - s.time).toFixed(0) });
        add(`d|${host}|${e.name}|${e.qtype}`, 2, expired ? "item expired" : "item",
          [["ms-st-dns", `${e.name} ${e.qtype}`], ["", answer], ["ms-st-ttl", left]],
          `${e.name} ${e.qtype} ${answer} ${e.expires_at} ${expired}`);
      });
    }

    function model(s) {
      const got = models.get(s);
      if (got && got.lang === ms.lang) return got.rows;
      const rows = rowsOf(s);
      models.set(s, { lang: ms.lang, rows });
      return rows;
    }
    /* This step's rows, marked against the step before; gone rows follow the row that
       came before them. */
    function marked(index) {
      const now = model(ms.stateAt(index));
      const before = model(ms.stateAt(index - 1));
      const was = new Map(before.map((r) => [r.key, r]));
      const keys = new Set(now.map((r) => r.key));
      const after = new Map();  // key of a row shown now -> ghosts to put after it
      let anchor = "";
      for (const r of before) {
        if (keys.has(r.key)) { anchor = r.key; continue; }
        if (!after.has(anchor)) after.set(anchor, []);
        after.get(anchor).push({ ...r, state: "gone" });
      }
      const out = [...(after.get("") || [])];
      for (const r of now) {
        const old = was.get(r.key);
        out.push(old && old.sig === r.sig ? r : { ...r, state: "changed" });
        if (after.has(r.key)) out.push(...after.get(r.key));
      }
      return out;
    }
    function fill(el, r) {
      el.className = `ms-st-row ms-st-d${r.depth} ${r.cls.split(" ").map((c) => `ms-st-${c}`).join(" ")}`
        + (r.state ? ` ms-st-${r.state}` : "");
      el.dataset.key = r.key;
      el.replaceChildren(...r.parts.map(([cls, text]) => {
        const span = document.createElement("span");
        if (cls) span.className = cls;
        span.textContent = text;
        return span;
      }));
    }
    function draw() {
      if (panel.hidden || !ms.events.length) return;
      if (drawnFor === ms.index && drawnLang === ms.lang) return;
      drawnFor = ms.index; drawnLang = ms.lang;
      const s = ms.stateAt(ms.index);
      title.textContent = t("title", { step: ms.index, time: ms.formatTime(s.time) });
      changedChip.textContent = t("changed");
      goneChip.textContent = t("gone");
      note.textContent = hasTimers ? t("retry_note") : "";
      const rows = marked(ms.index);
      const seen = new Set();
      let previous = null, first = null, last = null;
      for (const r of rows) {
        const key = r.state === "gone" ? `${r.key}|gone` : r.key;
        seen.add(key);
        let item = live.get(key);
        if (!item) { item = { el: document.createElement("div"), text: null }; live.set(key, item); }
        const text = `${r.depth}|${r.cls}|${r.state || ""}|${r.parts.map((p) => p.join("\u0001")).join("\u0002")}`;
        if (item.text !== text) { fill(item.el, r); item.text = text; }
        const want = previous ? previous.nextSibling : body.firstChild;
        if (want !== item.el) body.insertBefore(item.el, want);
        previous = item.el;
        if (r.state) { if (!first) first = item.el; last = item.el; }
      }
      for (const [key, item] of live) if (!seen.has(key)) { item.el.remove(); live.delete(key); }
      if (first) reveal(first, last);
    }
    /* Scroll the panel (only) so the changed rows are in view: all of them if they fit,
       else the first; one layout read, not one per row. */
    function reveal(first, last) {
      const top = first.offsetTop, bottom = last.offsetTop + last.offsetHeight;  // #ms-state is positioned
      const view = panel.clientHeight, margin = 8;
      if (top >= panel.scrollTop && bottom <= panel.scrollTop + view) return;
      if (top < panel.scrollTop || bottom - top > view - 2 * margin) panel.scrollTop = top - margin;
      else panel.scrollTop = bottom - view + margin;
    }
    ms.stateView = { draw };  // for the benchmarks: this view's share of a step
    ms.on("step", draw);
    ms.on("lang", draw);
    ms.on("tab", (name) => { if (name === "state") draw(); });
  },
});
