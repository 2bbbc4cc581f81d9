"use strict";
/* Every node's state at any step, folded from the page's records: a port of
   trace/folds.py and trace/folder_folds.py (shapes: trace/world.py; the walk and the
   checkpoints: trace/replay.py). Like the Python folds it reads the records only.

   MS.stateAt(index) is the state after events 0..index inclusive (read it, never change
   it). Snapshots are taken lazily every `every` events, at most MAX_CHECKPOINTS of them
   (as Checkpoints does), and the last RECENT states asked for are kept: a step forward
   copies the previous state and folds one event, a jump copies the nearest snapshot and
   folds at most every - 1 events on.

   Field names are the Python ones, so MS.stateJSON(index) (the canonical form of
   views/html/state_json.py) reads straight off. Retry timers are kept here too, in
   `retries` (node -> queue id -> {at, attempt, recipients}), from retry_scheduled
   records: Python's replay has no place for them, so they are not in the canonical form. */
(() => {
  const MIN_INTERVAL = 32, MAX_CHECKPOINTS = 64, RECENT = 8, INBOX = "INBOX";

  const empty = () => ({
    step: 0, time: 0, queues: new Map(), mailboxes: new Map(), dns_caches: new Map(),
    outboxes: new Map(), devices: new Map(), stored: 0, folders: new Map(), retries: new Map(),
  });
  const newDevice = () => ({
    online: true, local: new Map(), view: new Map(), read: new Set(), local_size: 0,
    folders: new Map(), sent: new Map(), idling: null,
  });

  // --- copies (world.py's copy(): everything a fold may change) ---------------------
  const copyMsg = (m) => ({ uid: m.uid, message_id: m.message_id, size: m.size, subject: m.subject,
    sender: m.sender, flags: new Set(m.flags) });
  const copyLocal = (c) => ({ ...c });
  const copyEntry = (e) => ({ ...e, flags: e.flags.slice() });
  const mapOf = (map, fn) => { const out = new Map(); for (const [k, v] of map) out.set(k, fn(v)); return out; };
  const copyDevice = (d) => ({
    online: d.online, local: mapOf(d.local, copyLocal), view: mapOf(d.view, copyEntry),
    read: new Set(d.read), local_size: d.local_size,
    folders: mapOf(d.folders, (f) => mapOf(f, copyEntry)), sent: mapOf(d.sent, copyLocal),
    idling: d.idling,
  });
  function copyState(s) {
    return {
      step: s.step, time: s.time,
      queues: mapOf(s.queues, (q) => mapOf(q, (e) => ({ ...e, recipients: e.recipients.slice() }))),
      mailboxes: mapOf(s.mailboxes, (boxes) => mapOf(boxes, (box) => box.map(copyMsg))),
      dns_caches: mapOf(s.dns_caches, (c) => mapOf(c, (e) => ({ ...e, records: e.records.slice() }))),
      outboxes: mapOf(s.outboxes, (sent) => sent.map((m) => ({ ...m, recipients: m.recipients.slice() }))),
      devices: mapOf(s.devices, copyDevice),
      stored: s.stored,
      folders: mapOf(s.folders, (acc) => mapOf(acc, (f) => mapOf(f, (box) => box.map(copyMsg)))),
      retries: mapOf(s.retries, (r) => mapOf(r, (t) => ({ ...t }))),
    };
  }

  // --- helpers of the folds ----------------------------------------------------------
  const setdefault = (map, key, make) => {
    let v = map.get(key);
    if (v === undefined) { v = make(); map.set(key, v); }
    return v;
  };
  const device = (s, node) => setdefault(s.devices, node, newDevice);
  /* RFC 3501 §5.1: INBOX in any case; null (left out of the record) means INBOX. */
  const isInbox = (folder) => folder == null || folder.toUpperCase() === INBOX;
  function folderBox(s, node, mailbox, folder) {
    if (isInbox(folder)) return setdefault(setdefault(s.mailboxes, node, () => new Map()), mailbox, () => []);
    const account = setdefault(setdefault(s.folders, node, () => new Map()), mailbox, () => new Map());
    return setdefault(account, folder, () => []);
  }
  const getIn = (map, ...keys) => {
    let v = map;
    for (const k of keys) { if (!v) return undefined; v = v.get(k); }
    return v;
  };
  const replaceAll = (list, kept) => { list.length = 0; for (const x of kept) list.push(x); };
  /* A message's subject, from its sender's outbox (APPEND and COPY carry none). */
  function subjectOf(s, messageId) {
    for (const sent of s.outboxes.values()) for (const m of sent) if (m.message_id === messageId) return m.subject;
    return "";
  }
  function keepCopy(s, node, d, source) {
    const dev = device(s, node);
    const replaced = dev.local.get(d.message_id);
    if (replaced !== undefined) dev.local_size -= replaced.size;  // a second download replaces the first
    dev.local.set(d.message_id, { message_id: d.message_id, size: d.size, subject: d.subject, source,
      uid: d.uid, read: false });
    dev.local_size += d.size;
  }
  function transfer(s, node, d, remove) {
    const source = folderBox(s, node, d.mailbox, d.source);
    const target = folderBox(s, node, d.mailbox, d.target);
    const newUid = new Map();
    const n = Math.min(d.uids.length, d.new_uids.length);  // zip(strict=False)
    for (let i = 0; i < n; i++) newUid.set(d.uids[i], d.new_uids[i]);
    for (const m of source.filter((x) => newUid.has(x.uid))) {
      const c = copyMsg(m);
      c.uid = newUid.get(m.uid);  // flags stay (RFC 3501 §6.4.7)
      target.push(c);
      if (!remove) s.stored += c.size;
    }
    if (remove) replaceAll(source, source.filter((x) => !newUid.has(x.uid)));
  }
  const removeRecipients = (entry, gone) => {
    if (entry) entry.recipients = entry.recipients.filter((r) => !gone.includes(r));
  };

  // --- the folds: action -> fold(state, node, data) ------------------------------------
  const FOLDS = new Map(Object.entries({
    composed(s, node, d) {
      setdefault(s.outboxes, node, () => []).push({ message_id: d.message_id, subject: d.subject,
        recipients: d.recipients.slice(), status: "sending" });
    },
    submitted(s, node, d) { outcome(s, node, d, "sent"); },
    submission_failed(s, node, d) { outcome(s, node, d, "failed"); },
    queued(s, node, d) {
      setdefault(s.queues, node, () => new Map()).set(d.queue_id, { message_id: d.message_id,
        sender: d.sender, recipients: d.recipients.slice(), size: d.size, subject: d.subject });
    },
    relayed(s, node, d) { removeRecipients(getIn(s.queues, node, d.queue_id), d.recipients); },
    failed(s, node, d) { removeRecipients(getIn(s.queues, node, d.queue_id), d.recipients); },
    removed(s, node, d) { const q = s.queues.get(node); if (q) q.delete(d.queue_id); },
    stored(s, node, d) {
      folderBox(s, node, d.mailbox, d.folder).push({ uid: d.uid, message_id: d.message_id, size: d.size,
        subject: d.subject, sender: d.sender, flags: new Set() });
      s.stored += d.size;
      removeRecipients(getIn(s.queues, node, d.queue_id), [d.mailbox]);
    },
    dns_cache_store(s, node, d) {
      const cache = setdefault(s.dns_caches, node, () => new Map());
      for (const r of d.rrsets) {
        cache.set(JSON.stringify([r.name, r.type]), { name: r.name, qtype: r.type,
          records: r.records.slice(), rcode: r.rcode, expires_at: s.time + r.ttl });
      }
    },
    dns_cache_expired(s, node, d) {
      const c = s.dns_caches.get(node);
      if (c) c.delete(JSON.stringify([d.name, d.qtype]));
    },
    deleted(s, node, d) {
      const box = folderBox(s, node, d.mailbox, d.folder);
      const gone = new Set(d.uids);
      for (const m of box) if (gone.has(m.uid)) s.stored -= m.size;
      replaceAll(box, box.filter((m) => !gone.has(m.uid)));
    },
    flags_changed(s, node, d) {
      for (const m of folderBox(s, node, d.mailbox, d.folder)) if (m.uid === d.uid) m.flags = new Set(d.flags);
    },
    downloaded(s, node, d) { keepCopy(s, node, d, "POP3"); },
    cached(s, node, d) { keepCopy(s, node, d, "IMAP cache"); },
    synced(s, node, d) {
      const listing = new Map();
      for (const m of d.messages) listing.set(m.uid, { message_id: m.message_id, size: m.size,
        subject: m.subject, flags: m.flags.slice() });
      if (isInbox(d.folder)) device(s, node).view = listing;
      else device(s, node).folders.set(d.folder, listing);
    },
    local_deleted(s, node, d) {
      const dev = device(s, node);
      const gone = dev.local.get(d.message_id);
      if (gone !== undefined) { dev.local.delete(d.message_id); dev.local_size -= gone.size; }
    },
    read(s, node, d) {
      const dev = device(s, node);
      dev.read.add(d.message_id);
      const c = dev.local.get(d.message_id);
      if (c !== undefined) c.read = true;
    },
    offline(s, node) { const dev = device(s, node); dev.online = false; dev.idling = null; },
    online(s, node) { device(s, node).online = true; },
    // folder_folds.py
    appended(s, node, d) {
      folderBox(s, node, d.mailbox, d.folder).push({ uid: d.uid, message_id: d.message_id, size: d.size,
        subject: subjectOf(s, d.message_id), sender: d.mailbox, flags: new Set(d.flags) });
      s.stored += d.size;
    },
    copied(s, node, d) { transfer(s, node, d, false); },
    moved(s, node, d) { transfer(s, node, d, true); },
    folder_created(s, node, d) { folderBox(s, node, d.mailbox, d.folder); },
    folder_deleted(s, node, d) {
      const account = getIn(s.folders, node, d.mailbox);
      const gone = (account && account.get(d.folder)) || [];
      if (account) account.delete(d.folder);
      for (const m of gone) s.stored -= m.size;
    },
    folder_renamed(s, node, d) {
      const account = setdefault(setdefault(s.folders, node, () => new Map()), d.mailbox, () => new Map());
      if (isInbox(d.folder)) {  // RFC 3501 §6.3.5: INBOX's messages move, INBOX stays
        const inbox = folderBox(s, node, d.mailbox, null);
        setdefault(account, d.new_name, () => []).push(...inbox);
        inbox.length = 0;
        return;
      }
      const prefix = d.folder + "/";
      for (const name of [...account.keys()].filter((n) => n === d.folder || n.startsWith(prefix))) {
        const box = account.get(name);
        account.delete(name);
        account.set(d.new_name + name.slice(d.folder.length), box);
      }
    },
    sent_kept(s, node, d) {
      const dev = device(s, node);
      const replaced = dev.sent.get(d.message_id);
      if (replaced !== undefined) { dev.sent.delete(d.message_id); dev.local_size -= replaced.size; }
      dev.sent.set(d.message_id, { message_id: d.message_id, size: d.size, subject: d.subject,
        source: d.folder, uid: 0, read: true });
      dev.local_size += d.size;
    },
    idling(s, node, d) { device(s, node).idling = d.folder; },
    idle_ended(s, node) { device(s, node).idling = null; },
  }));
  function outcome(s, node, d, status) {
    for (const m of s.outboxes.get(node) || []) if (m.message_id === d.message_id) m.status = status;
  }

  /* Retry timers, which the Python fold does not keep: set by retry_scheduled, gone when
     the attempt starts (retry) or the message leaves the queue (removed). */
  const TIMERS = new Map(Object.entries({
    retry_scheduled(s, node, d) {
      setdefault(s.retries, node, () => new Map()).set(d.queue_id, { queue_id: d.queue_id,
        message_id: d.message_id, at: d.at, attempt: d.attempt, recipients: d.recipients.slice() });
    },
    retry(s, node, d) { const r = s.retries.get(node); if (r) r.delete(d.queue_id); },
    removed(s, node, d) { const r = s.retries.get(node); if (r) r.delete(d.queue_id); },
  }));

  /* walk(): one event on; the time is the event's (a line's send time). */
  function apply(s, e) {
    s.step += 1;
    s.time = e.type === "message" ? e.t_sent : e.t;
    if (e.type !== "state") return;
    const fold = FOLDS.get(e.action);
    if (fold) fold(s, e.node, e.data);
    const timer = TIMERS.get(e.action);
    if (timer) timer(s, e.node, e.data);
  }

  // --- checkpoints (replay.Checkpoints) ---------------------------------------------------
  const events = MS.events;
  const every = Math.max(MIN_INTERVAL, Math.ceil(events.length / MAX_CHECKPOINTS));
  const snapshots = [empty()];
  const recent = new Map();  // count -> state, oldest first

  function extend(index) {
    while (snapshots.length <= index) {
      const last = snapshots.length - 1;
      const s = copyState(snapshots[last]);
      const end = Math.min(events.length, (last + 1) * every);
      for (let i = last * every; i < end; i++) apply(s, events[i]);
      snapshots.push(s);
    }
  }
  /* The state after the first `count` events (equal to replay(trace, count)). */
  function after(count) {
    count = Math.max(0, Math.min(events.length, count | 0));
    let s = recent.get(count);
    if (s !== undefined) { recent.delete(count); recent.set(count, s); return s; }
    const base = Math.floor(count / every);
    extend(base);
    let start = base * every;
    const previous = recent.get(count - 1);
    if (count === start) s = snapshots[base];  // shared, read-only like every returned state
    else if (previous !== undefined && count - 1 > start) { s = copyState(previous); start = count - 1; }
    else s = copyState(snapshots[base]);
    for (let i = start; i < count; i++) apply(s, events[i]);
    recent.set(count, s);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value);
    return s;
  }

  // --- the canonical form (views/html/state_json.py) ----------------------------------------
  class PyFloat { constructor(x) { this.x = x; } }
  /* A double as Python's repr writes it: the same shortest digits as JavaScript, laid out
     with Python's rule (fixed notation for -4 < decpt <= 16, else d.ddde±XX). */
  function pyFloat(x) {
    if (Number.isNaN(x)) return "NaN";
    if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
    if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
    const [mantissa, exponent] = x.toExponential().split("e");
    const sign = x < 0 ? "-" : "";
    const digits = mantissa.replace("-", "").replace(".", "");
    const exp = Number(exponent), decpt = exp + 1;
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
      if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
      return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
    }
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${head}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  /* Python's order of str: by code point (JavaScript's < compares UTF-16 units). */
  function codePointOrder(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      let x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      x += x >= 0xD800 && x <= 0xDFFF ? 0x2000 : x >= 0xE000 ? -0x800 : 0;
      y += y >= 0xD800 && y <= 0xDFFF ? 0x2000 : y >= 0xE000 ? -0x800 : 0;
      return x - y;
    }
    return a.length - b.length;
  }
  const WIDE = /[\uD800-\uFFFF]/;  // units whose UTF-16 order is not their code point order
  const unitOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  /* json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")): strings are
     escaped alike (\" \\ \b \f \n \r \t, other controls as \u00xx). */
  function dumps(v) {
    if (v === null || v === undefined) return "null";
    const type = typeof v;
    if (type === "string") return JSON.stringify(v);
    if (type === "number" || type === "boolean") return String(v);
    if (v instanceof Raw) return v.text;
    if (v instanceof PyFloat) return pyFloat(v.x);
    let out;
    if (Array.isArray(v)) {
      out = "[";
      for (let i = 0; i < v.length; i++) out += (i ? "," : "") + dumps(v[i]);
      return out + "]";
    }
    const keys = Object.keys(v);
    keys.sort(keys.some((k) => WIDE.test(k)) ? codePointOrder : unitOrder);
    out = "{";
    for (let i = 0; i < keys.length; i++) out += `${i ? "," : ""}${JSON.stringify(keys[i])}:${dumps(v[keys[i]])}`;
    return out + "}";
  }
  /* A record of fixed keys, written by the browser's own JSON.stringify: its keys are
     given here in sorted order and none looks like an integer, so none is moved. */
  class Raw { constructor(text) { this.text = text; } }
  const raw = (record) => new Raw(JSON.stringify(record));
  const obj = (map, fn) => { const o = Object.create(null); for (const [k, v] of map) o[String(k)] = fn(v); return o; };
  const sorted = (set) => [...set].sort(codePointOrder);
  const msg = (m) => raw({ flags: sorted(m.flags), message_id: m.message_id, sender: m.sender,
    size: m.size, subject: m.subject, uid: m.uid });
  const entry = (e) => raw({ flags: e.flags, message_id: e.message_id, size: e.size, subject: e.subject });
  const local = (c) => raw({ message_id: c.message_id, read: c.read, size: c.size, source: c.source,
    subject: c.subject, uid: c.uid });
  const cached = (e) => new Raw(`{"expires_at":${pyFloat(e.expires_at)},"rcode":${JSON.stringify(e.rcode)},`
    + `"records":${JSON.stringify(e.records)}}`);
  /* The plain data of state_json.state_data: the same keys, values and order rules. */
  function canonical(s) {
    return {
      step: s.step, time: new PyFloat(s.time), stored: s.stored,
      queues: obj(s.queues, (q) => obj(q, (e) => raw({ message_id: e.message_id, recipients: e.recipients,
        sender: e.sender, size: e.size, subject: e.subject }))),
      mailboxes: obj(s.mailboxes, (boxes) => obj(boxes, (box) => box.map(msg))),
      folders: obj(s.folders, (acc) => obj(acc, (f) => obj(f, (box) => box.map(msg)))),
      dns_caches: obj(s.dns_caches, (cache) => [...cache.values()]
        .sort((a, b) => codePointOrder(a.name, b.name) || codePointOrder(a.qtype, b.qtype))
        .map((e) => [e.name, e.qtype, cached(e)])),
      outboxes: obj(s.outboxes, (sent) => sent.map((m) => raw({ message_id: m.message_id,
        recipients: m.recipients, status: m.status, subject: m.subject }))),
      devices: obj(s.devices, (d) => ({ online: d.online, local: obj(d.local, local),
        view: obj(d.view, entry), read: sorted(d.read), local_size: d.local_size,
        folders: obj(d.folders, (f) => obj(f, entry)), sent: obj(d.sent, local), idling: d.idling })),
    };
  }

  MS.stateAt = (index) => after(index + 1);
  MS.stateJSON = (index) => dumps(canonical(MS.stateAt(index)));
  MS.fold = {
    every, folds: FOLDS, timers: TIMERS, pyFloat, dumps, codePointOrder,
    snapshots: () => snapshots.length,
    /* Forget every state folded so far (after a test replaces a fold). */
    reset() { snapshots.length = 1; recent.clear(); },
    /* The canonical form at each of `indices` (every step when left out), through stateAt. */
    jsonAt(indices) {
      const list = indices || events.map((_, i) => i);
      return list.map((i) => MS.stateJSON(i));
    },
  };
})();
