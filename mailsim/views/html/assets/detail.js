"use strict";
/* The line in detail (#ms-detail), layer by layer like Packet Tracer's PDU window: the
   application line in full (an encrypted one only with "show encrypted"; otherwise what a
   tap on the wire sees), TLS yes or no, the transport (TCP or UDP, the ports, the
   connection and which of its segments this is), the network (the hosts' IP addresses
   from the scenario), size and timing. A DATA content also shows the message: its header
   fields, the Received: chain and the envelope of the same transaction (from the
   "messages" section, read in Python with the email package); a POP3 RETR/TOP reply or an
   IMAP FETCH response shows the letters it hands over the same way, titled for how the
   client got them (the "retrieved" section), a partial one marked so. A state change
   shows its fields as a table and its one-liner. Drawn only while its tab is shown. */
MS.view("detail", {
  init(ms) {
    const panel = document.getElementById("ms-detail");
    const captions = ms.data.captions || [];
    const bodies = (ms.data.messages) || {};
    const handed = (ms.data.retrieved) || {};  // position -> the letters POP3/IMAP hand over
    const listening = new Set(ms.data.ports.map((p) => `${p.host}\u0000${p.port}`));
    const segments = new Map();  // conn -> its positions, in order
    ms.events.forEach((e, i) => {
      if (e.type !== "message" || e.conn === null) return;
      const list = segments.get(e.conn);
      if (list) list.push(i); else segments.set(e.conn, [i]);
    });
    let dirty = true;

    const el = (tag, attrs, text) => {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
      if (text != null) node.textContent = text;
      return node;
    };
    const t = (key, values) => ms.t(`html.detail.${key}`, values);
    function layer(name, title) {
      const box = el("section", { class: "ms-dt-layer", "data-layer": name });
      box.appendChild(el("h3", {}, title));
      const table = el("table", { class: "ms-dt-table" });
      box.appendChild(table);
      box.row = (label, value, field, cls) => {
        const tr = el("tr", field ? { "data-field": field } : {});
        tr.append(el("th", {}, label), el("td", cls ? { class: cls } : {}, value));
        table.appendChild(tr);
        return tr;
      };
      return box;
    }
    function name(host) {
      const h = ms.host(host);
      return h ? `${h.short} (${ms.pick(h.title)})` : host;
    }
    function short(host) {
      const h = ms.host(host);
      return h ? h.short : host;
    }
    function ip(host) {
      const h = ms.host(host);
      return h && h.ip ? h.ip : t("ip.missing");
    }
    /* Which end listens on the line's port: the server; null if the trace does not say. */
    function server(e) {
      if (listening.has(`${e.dst}\u0000${e.port}`)) return e.dst;
      if (listening.has(`${e.src}\u0000${e.port}`)) return e.src;
      return null;
    }

    function message(e, i, out) {
      const hidden = e.encrypted && !ms.showEncrypted;
      const body = bodies[String(i)];
      const letters = handed[String(i)];
      const carries = Boolean(body || letters);
      const app = layer("application", t("layer.application", { protocol: e.protocol }));
      if (hidden) {
        app.row(t("line"), t("encrypted_hidden"), "line", "ms-dt-hidden");
        const show = el("button", { type: "button", id: "ms-dt-show" }, t("show_encrypted"));
        show.addEventListener("click", () => ms.setOption("showEncrypted", true));
        app.appendChild(show);
      } else {
        // the line in full, under its label (a whole row's width); a DATA content's raw
        // text folded away, since the message below shows it read
        const block = el(carries ? "details" : "div", { class: "ms-dt-block", "data-field": "line" });
        block.appendChild(el(carries ? "summary" : "div", { class: "ms-dt-label" }, t(carries ? "line_raw" : "line")));
        block.appendChild(el("pre", { class: "ms-dt-line" }, e.text || t("empty_line")));
        app.insertBefore(block, app.lastChild);
      }
      const tap = e.encrypted ? t("tap_sees", { size: e.size })
        : e.protocol === "TCP" ? t("tap_segment") : t("tap_reads");
      app.row(t("tap"), tap, "tap");
      if (body) app.appendChild(mail(body, hidden, t("layer.message")));
      for (const letter of letters || []) app.appendChild(mail(whole(letter), hidden, title(letter)));
      out.appendChild(app);

      const tls = layer("tls", t("layer.tls"));
      tls.row(t("tls"), e.encrypted ? t("tls.yes") : e.protocol === "TLS" ? t("tls.handshake") : t("tls.no"), "tls");
      out.appendChild(tls);

      const tcp = e.conn !== null;
      const transport = layer("transport", t("layer.transport"));
      transport.row(t("transport"), tcp ? t("transport.tcp") : t("transport.udp"), "transport");
      const srv = server(e);
      const client = srv === null ? null : srv === e.dst ? e.src : e.dst;
      const port = (host) => (host === srv ? t("port.server", { port: e.port, protocol: e.protocol })
        : host === client ? t("port.client") : t("port.unknown", { port: e.port }));
      transport.row(t("port.from", { host: short(e.src) }), port(e.src), "src-port");
      transport.row(t("port.to", { host: short(e.dst) }), port(e.dst), "dst-port");
      if (tcp) {
        const list = segments.get(e.conn) || [];
        transport.row(t("conn"), t("conn.segment", { conn: e.conn, n: list.indexOf(i) + 1, total: list.length }), "conn");
        if (e.protocol === "TCP") transport.row(t("flags"), e.text, "flags");
      } else {
        transport.row(t("conn"), t("conn.none"), "conn");
      }
      out.appendChild(transport);

      const network = layer("network", t("layer.network"));
      network.row(t("ip.from", { host: short(e.src) }), ip(e.src), "src-ip");
      network.row(t("ip.to", { host: short(e.dst) }), ip(e.dst), "dst-ip");
      out.appendChild(network);

      const timing = layer("timing", t("layer.timing"));
      timing.row(t("size"), e.size ? t("size.octets", { size: e.size }) : t("size.none"), "size");
      timing.row(t("sent"), ms.formatTime(e.t_sent), "sent");
      if (e.t_arrived === null) {
        timing.row(t("arrived"), t("lost"), "arrived", "ms-dt-lost");
      } else {
        timing.row(t("arrived"), ms.formatTime(e.t_arrived), "arrived");
        timing.row(t("transit"), t("transit.ms", { ms: ((e.t_arrived - e.t_sent) * 1000).toFixed(3) }), "transit");
      }
      out.appendChild(timing);
    }

    /* A letter read the same as an earlier one names it ("as": position, index): its fields
       and text are that one's; how it was handed over is its own. */
    function whole(letter) {
      if (!letter.as) return letter;
      const first = handed[String(letter.as[0])][letter.as[1]];
      return { ...letter, headers: first.headers, received: first.received, body: first.body };
    }

    /* A handed-over letter's title: RETR, TOP or FETCH (whole or a part), from the catalogue. */
    function title(letter) {
      const key = letter.via === "FETCH" && letter.partial ? "FETCH_partial" : letter.via;
      return t(`letter.${key}`, { n: letter.n, lines: letter.lines, item: letter.item });
    }

    /* A message: an SMTP DATA content (with its envelope) or a letter POP3/IMAP handed over. */
    function mail(body, hidden, heading) {
      const box = el("section", { class: "ms-dt-mail", "data-layer": "message" });
      if (body.via) {
        box.dataset.via = body.via;
        if (body.partial) box.dataset.partial = "1";
      }
      box.appendChild(el("h3", {}, heading));
      if (hidden) {
        box.appendChild(el("p", { class: "ms-dt-hidden" }, t("message_hidden")));
        return box;
      }
      if (body.partial) box.appendChild(el("p", { class: "ms-dt-partial", "data-part": "partial" }, t("letter.partial")));
      if (body.absent) {
        box.appendChild(el("p", { class: "ms-hint", "data-part": "absent" },
          body.size != null ? t("letter.absent", { size: body.size }) : t("letter.absent_unknown")));
        return box;
      }
      const sides = el("div", { class: "ms-dt-sides" });
      if (body.envelope) sides.appendChild(envelopeOf(body.envelope));
      const headers = el("div", { class: "ms-dt-headers", "data-part": "headers" });
      headers.appendChild(el("h4", {}, t("headers")));
      if (!body.headers.length) headers.appendChild(el("p", { class: "ms-hint" }, t("letter.no_headers")));
      for (const [k, v] of body.headers) {
        const field = el("div", { class: k.toLowerCase() === "received" ? "ms-dt-field ms-dt-received-field" : "ms-dt-field" });
        field.append(el("b", {}, `${k}: `), document.createTextNode(v));
        headers.appendChild(field);
      }
      sides.appendChild(headers);
      box.appendChild(sides);
      if (body.received.length) {
        box.appendChild(el("h4", {}, t("received_chain")));
        const chain = el("ol", { class: "ms-dt-received", "data-part": "received" });
        for (const r of body.received) {
          const from = r.from ? t("received.from", { from: r.from, ip: r.ip || "?" }) : t("received.local");
          chain.appendChild(el("li", {}, t("received.item", {
            by: r.by || "?", from, with: r.with || "—", id: r.id || "—", date: r.date || "—",
          })));
        }
        box.appendChild(chain);
      }
      if (body.body || !body.via) {  // a header-only part has no text to show
        box.appendChild(el("h4", {}, t("body")));
        box.appendChild(el("pre", { class: "ms-dt-body" }, body.body));
      }
      return box;
    }

    function envelopeOf(sent) {
      const envelope = el("div", { class: "ms-dt-envelope", "data-part": "envelope" });
      envelope.appendChild(el("h4", {}, t("envelope")));
      const env = el("table", { class: "ms-dt-table" });
      const envRow = (label, value) => {
        const tr = el("tr");
        tr.append(el("th", {}, label), el("td", { class: "ms-mono" }, value));
        env.appendChild(tr);
      };
      envRow("MAIL FROM", `<${sent.from || ""}>`);
      for (const to of sent.to) envRow("RCPT TO", `<${to}>`);
      envelope.append(env, el("p", { class: "ms-hint" }, t("envelope_hint")));
      return envelope;
    }

    function state(e, i, out) {
      const box = layer("state", t("layer.state", { action: e.action }));
      const c = captions[i];
      const said = c && ms.pick(c.state);
      if (said) box.insertBefore(el("p", { class: "ms-dt-oneliner" }, said), box.lastChild);
      box.row(t("state.node"), name(e.node), "node");
      box.row(t("state.time"), ms.formatTime(e.t), "time");
      for (const [k, v] of Object.entries(e.data || {})) box.row(k, show(v), `data-${k}`, "ms-mono");
      out.appendChild(box);
    }
    function show(value) {
      if (value === null || value === undefined) return "—";
      if (Array.isArray(value)) return value.length ? value.map(show).join(", ") : "—";
      if (typeof value === "object") return JSON.stringify(value);
      return String(value);
    }

    function render() {
      if (panel.hidden) { dirty = true; return; }
      dirty = false;
      const e = ms.events[ms.index];
      const out = document.createDocumentFragment();
      if (!e) {
        out.appendChild(el("p", { class: "ms-hint" }, ms.t("html.empty")));
      } else {
        const head = el("div", { class: "ms-dt-head" });
        if (e.type === "message") {
          head.style.borderLeftColor = ms.colour(e.protocol);
          head.textContent = `#${e.seq} · ${name(e.src)} → ${name(e.dst)} · ${e.protocol}:${e.port}`;
          out.appendChild(head);
          message(e, ms.index, out);
        } else {
          head.textContent = `#${e.seq} · ${name(e.node)} · ${e.action}`;
          out.appendChild(head);
          state(e, ms.index, out);
        }
      }
      panel.replaceChildren(out);
    }
    ms.on("step", render);
    ms.on("lang", render);
    ms.on("options", (option) => { if (option === "showEncrypted" || dirty) render(); });
    ms.on("tab", (tab) => { if (tab === "detail" && dirty) render(); });
  },
});
