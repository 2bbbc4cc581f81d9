"use strict";
/* The shapes of the sequence diagram (used by sequence.js): an arrow with its label,
   padlock and port, a state change's note, an idle gap, a connection's bar, and the texts
   fitted to the room they have. `st` is the view's live state: {geo, lay, colours}.
   Coordinates are the SVG's pixels; a text's width is its characters' measured widths
   (st.geo.mono, sans, wide: see sequence.js's glyphs). */
const SequenceShapes = (ms, data, st) => {
  const NS = "http://www.w3.org/2000/svg";
  const NO_START = /^[ー、。，．）」』ぁぃぅぇぉっゃゅょァィゥェォッャュョ]$/;  // never starts a line (kinsoku)
  const content = new Set(data.content);
  const captions = ms.data.captions || [];
  const el = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  };
  function arrow(i, y0, y1) {
    const e = ms.events[i];
    const p = ms.data.protocols[e.protocol] || {};
    const lost = e.t_arrived == null;
    const tint = lost ? "#c62828" : ms.colour(e.protocol);
    // a SYN a router dropped (OP25B) ends at the router, crossed out
    const drop = lost ? ((ms.data.network || {}).blocked || {})[e.seq] : null;
    const router = drop ? ms.hostIndex(drop[drop.length - 1]) : -1;
    const a = ms.hostIndex(e.src), b = router >= 0 ? router : ms.hostIndex(e.dst);
    const x0 = st.geo.xs[a], x1 = a === b ? x0 + st.geo.col * 0.3 : st.geo.xs[b];
    const g = el("g", { class: `ms-seq-msg${p.transport ? " ms-seq-tcp" : ""}${lost ? " ms-seq-lost" : ""}`, "data-i": i });
    const d = a === b ? `M${x0},${y0} H${x1} V${y1 + 8} H${x0 + 8}` : `M${x0},${y0} L${x1},${y1}`;
    g.appendChild(el("path", { class: "ms-seq-hit", d }));
    g.appendChild(el("path", { class: "ms-seq-line", d, stroke: tint }));
    const [hx, hy] = a === b ? [x0, y1 + 8] : [x1, y1];
    const angle = a === b ? Math.PI : Math.atan2(y1 - y0, x1 - x0);
    const size = st.geo.font * 0.6;
    const pt = (t) => `${hx - size * Math.cos(angle - t)},${hy - size * Math.sin(angle - t)}`;
    g.appendChild(el("polygon", { class: "ms-seq-head-tip", points: `${hx},${hy} ${pt(0.4)} ${pt(-0.4)}`, fill: tint }));
    if (lost) g.appendChild(el("text", { class: "ms-seq-x", x: router >= 0 ? x1 : (x0 + x1) / 2, y: y0 + st.geo.font * 0.35, fill: tint }, "✗"));
    const hide = e.encrypted && !ms.showEncrypted;
    const gi = data.group[i];
    const conn = gi >= 0 ? st.lay.bars.get(gi) : null;
    const lock = e.encrypted ? st.geo.font * 0.95 : 0;
    let tag = null;  // the port beside the listening lifeline, on the side away from the peer
    if (conn && conn.first === i) {  // at the connection's first drawn line
      const server = SequenceRows.listener(ms, data, gi);
      const peer = server === e.src ? e.dst : e.src;
      const sx = st.geo.xs[ms.hostIndex(server)] + laneOffset(data.groups[gi][2]);
      const away = st.geo.xs[ms.hostIndex(peer)] <= sx ? 1 : -1;
      const text = `:${e.port}`, w = textWidth(text, st.geo.mono);
      tag = { text, x: sx + away * 8, away, span: away > 0 ? [sx + 8, sx + 8 + w] : [sx - 8 - w, sx - 8] };
    }
    const full = hide ? ms.t("html.sequence.encrypted", { protocol: e.protocol }) : label(e, i);
    const [anchor, way, room] = labelPlace(x0, x1, textWidth(full, st.geo.mono) + lock, tag && tag.span);
    const text = fit(full, room - lock, st.geo.mono);
    const left = way > 0 ? anchor : anchor - lock - textWidth(text, st.geo.mono);
    if (lock) g.appendChild(padlock(left, y0 - 5 - st.geo.font * 0.8));
    g.appendChild(el("text", {  // anchored at the end it starts from: exact whatever the font
      class: `ms-seq-label${hide ? " ms-seq-hidden" : ""}`, x: way > 0 ? anchor + lock : anchor, y: y0 - 5,
      "text-anchor": way > 0 ? "start" : "end", fill: p.transport ? "#666" : darker(tint),
    }, text));
    if (tag) {
      g.appendChild(el("text", {
        class: "ms-seq-port", x: tag.x, y: y0 - 5, fill: st.colours[gi],
        "text-anchor": tag.away > 0 ? "start" : "end",
      }, tag.text));
    }
    g.appendChild(el("title", {}, `#${i} ${e.protocol}:${e.port} ${hide ? "" : e.text.split("\n")[0]}`));
    return g;
  }
  /* Where an arrow's label goes: [the x it starts from, the way it runs (1: right), the
     room it has]. It starts at the sender
     and runs the arrow's way; when it does not fit there but has more room running back
     from the receiver's end, it goes there (one event a row: nothing else is on it). It
     reaches at most four columns past the arrow and stops short of the port tag (`tag`:
     its [left, right] or null). */
  function labelPlace(x0, x1, need, tag) {
    const g = st.geo;
    const dir = x1 >= x0 ? 1 : -1;
    const reach = Math.abs(x1 - x0) + g.col * 4;
    const room = (anchor, way) => {
      let limit = way > 0 ? g.width - 4 : g.gutter;
      if (tag && way > 0 && tag[1] > anchor) limit = Math.min(limit, tag[0] - 6);
      if (tag && way < 0 && tag[0] < anchor) limit = Math.max(limit, tag[1] + 6);
      return Math.max(0, Math.min(reach, (limit - anchor) * way));
    };
    const ahead = room(x0 + dir * 6, dir);
    if (need <= ahead) return [x0 + dir * 6, dir, ahead];
    const back = room(x1 - dir * 6, -dir);
    return back > ahead ? [x1 - dir * 6, -dir, back] : [x0 + dir * 6, dir, ahead];
  }
  function note(i, y) {
    const e = ms.events[i];
    const x = st.geo.xs[ms.hostIndex(e.node)];
    const g = el("g", { class: "ms-seq-note", "data-i": i });
    const c = captions[i] || {};
    const text = fit(ms.pick(c.state) || e.action, st.geo.col * 2.6, st.geo.sans);
    const w = textWidth(text, st.geo.sans) + 12, h = st.geo.font * 1.3;
    const left = Math.max(st.geo.gutter, Math.min(x - w / 2, st.geo.width - 4 - w));
    g.appendChild(el("circle", { cx: x, cy: y, r: st.geo.font * 0.22 }));
    g.appendChild(el("rect", { x: left, y: y - 3 - h, width: w, height: h, rx: 5 }));
    g.appendChild(el("text", { class: "ms-seq-note-text", x: left + w / 2, y: y - 3 - h * 0.27, "text-anchor": "middle" }, text));
    g.appendChild(el("title", {}, `#${i} ${ms.pick(c.state) || e.action}`));
    return g;
  }
  function gap(b) {
    const g = el("g", { class: "ms-seq-gap" });
    const left = st.geo.gutter * 0.5, right = st.geo.width;
    g.appendChild(el("rect", { x: left, y: b[0], width: right - left, height: b[1] - b[0] }));
    for (const y of [b[0], b[1]]) {
      let d = `M${left},${y}`;
      for (let x = left, up = true; x < right; x += 8, up = !up) d += ` L${x + 8},${y + (up ? -3 : 3)}`;
      g.appendChild(el("path", { d }));
    }
    const mid = st.geo.gutter + (st.geo.width - st.geo.gutter) / 2;
    g.appendChild(el("text", { x: mid, y: (b[0] + b[1]) / 2 + st.geo.font * 0.35, "text-anchor": "middle" },
      ms.t("html.sequence.gap", { duration: duration(b[3] - b[2]) })));
    return g;
  }
  function bar(b) {
    const server = SequenceRows.listener(ms, data, b.g);
    const x = st.geo.xs[ms.hostIndex(server)] + laneOffset(data.groups[b.g][2]);
    return el("rect", { class: "ms-seq-bar", x: x - 3, y: b.y0, width: 6, height: Math.max(b.y1 - b.y0, 4),
      fill: st.colours[b.g], stroke: st.colours[b.g] });
  }
  function padlock(x, y) {
    const s = st.geo.font * 0.8;
    return el("path", { class: "ms-seq-lock", d: `M${x},${y + s * 0.45} h${s} v${s * 0.55} h${-s} Z `
      + `M${x + s * 0.22},${y + s * 0.45} v${-s * 0.15} a${s * 0.28},${s * 0.3} 0 0 1 ${s * 0.56},0 v${s * 0.15}` });
  }
  function label(e, i) {
    const lines = e.text.split("\n");
    let text;
    if (content.has(i)) text = ms.t("html.sequence.content", { lines: lines.length - 1, size: e.size });
    else {
      text = e.protocol === "TLS" ? `TLS ${lines[0]}` : lines[0];
      const more = lines.slice(1).filter((s) => s.trim()).length;
      if (more) text += ` ${ms.t("html.sequence.more", { n: more })}`;
    }
    if (e.t_arrived == null) text += `  ✗ ${ms.t("html.sequence.lost")}`;
    return text;
  }
  /* A head's title in lines that fit its column (a word too long ends in "…"); kana and
     kanji may break anywhere. */
  function wrapTitle(text, room, font, most) {
    const width = (t) => { let w = 0; for (const ch of t) w += (ch.codePointAt(0) > 0x2e7f ? 1 : 0.72) * font; return w; };
    const tokens = text.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) || [];
    const lines = [];
    let line = "";
    for (const token of tokens) {
      const next = line + token;
      if (width(next.trim()) <= room || !line.trim()) { line = next; continue; }
      let carry = "";
      if (NO_START.test(token) && [...line].length > 1) {  // the line's last character goes down with it
        const chars = [...line];
        carry = chars.pop();
        line = chars.join("");
      }
      lines.push(line.trim());
      line = carry + token.trim();
    }
    if (line.trim()) lines.push(line.trim());
    const cut = (t) => {
      if (width(t) <= room) return t;
      let out = "";
      for (const ch of t) { if (width(`${out}${ch}…`) > room) break; out += ch; }
      return `${out}…`;
    };
    const out = lines.slice(0, most).map(cut);
    if (lines.length > most) out[most - 1] = cut(`${out[most - 1]}…`).replace(/……$/, "…");
    return out.join("\n");
  }
  /* Widths as measured (sequence.js's glyphs): a wide (CJK) character is `wide` em, any
     other `narrow` em. */
  function textWidth(text, narrow) {
    let w = 0;
    for (const ch of text) w += (ch.codePointAt(0) > 0x2e7f ? st.geo.wide : narrow) * st.geo.font;
    return w;
  }
  function fit(text, room, narrow) {
    if (textWidth(text, narrow) <= room) return text;
    let out = "", w = st.geo.font * narrow;
    for (const ch of text) {
      w += (ch.codePointAt(0) > 0x2e7f ? st.geo.wide : narrow) * st.geo.font;
      if (w > room) break;
      out += ch;
    }
    return `${out.trimEnd()}…`;
  }
  const laneOffset = (lane) => 0.05 * (1 - 0.85 ** lane) / (1 - 0.85) * st.geo.col;
  /* An idle gap's length as the figures round it: 980 ms, 8.5 s, 15 s, then minutes. */
  function duration(seconds) {
    if (seconds >= 60) return ms.formatTime(seconds);
    if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
    return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  }
  function darker(hex) {  // as the figures' label colour: the protocol's, 20 % darker
    const c = [1, 3, 5].map((k) => Math.floor(parseInt(hex.slice(k, k + 2), 16) * 0.8));
    return `rgb(${c.join(",")})`;
  }

  return { el, arrow, note, gap, bar, wrapTitle, laneOffset };
};
