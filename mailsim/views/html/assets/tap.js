"use strict";
/* The tap tab (#ms-tap): a wiretap on one link, and what it reads at the current step.

   A link is chosen in the tab's select box, by clicking it in the network, or with w
   (the next link; after the last, none). Everything it shows was decided in Python
   (sections/tap.py, from views/tap.py, the same as mailsim tap and the player): which
   sentence a step gets (data.says, one letter per event), which pairs of hosts cross
   each link (data.cross), and the decoded text with the password split out (data.texts).
   This script only draws: it never looks at a line to judge it. */
MS.view("tap", {
  init(ms) {
    const region = document.getElementById("ms-tap");
    if (!region) return;
    const data = Object.assign({ links: [], cross: [], says: "", texts: {}, keys: {}, ui: { en: {} } }, ms.data.tap);
    const crossing = data.cross.map((pairs) => new Set(pairs));
    const MAX_LINES = 24;
    let chosen = -1, learnt = [];

    const el = (tag, attrs, text) => {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
      if (text != null) node.textContent = text;
      return node;
    };
    /* A shared sentence (tap.*, tapview.*: the section's own texts) in the page's language. */
    const say = (key, values) => {
      const text = (data.ui[ms.lang] && data.ui[ms.lang][key]) || data.ui.en[key] || key;
      return text.replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));
    };
    const short = (name) => { const h = ms.host(name); return h ? h.short : name; };

    const bar = el("div", { id: "ms-tap-bar" });
    const label = el("label", { for: "ms-tap-link", id: "ms-tap-label" });
    const select = el("select", { id: "ms-tap-link" });
    bar.append(label, select);
    const hint = el("p", { id: "ms-tap-hint", class: "ms-hint" });
    const head = el("div", { id: "ms-tap-head" });
    const says = el("p", { id: "ms-tap-says" });
    const text = el("pre", { id: "ms-tap-text" });
    const secrets = el("ul", { id: "ms-tap-learnt" });
    region.append(bar, hint, head, says, text, secrets);

    function options() {
      const none = el("option", { value: "-1" }, ms.t("html.tap.none"));
      select.replaceChildren(none, ...data.links.map((l, i) => el("option", { value: String(i) }, `${short(l[0])} ↔ ${short(l[1])}`)));
      select.value = String(chosen);
    }
    const crosses = (i, e) => e.type === "message" && crossing[i].has(`${e.src}>${e.dst}`);
    function choose(i) {
      chosen = i >= 0 && i < data.links.length ? i : -1;
      select.value = String(chosen);
      learnt = [];  // where a tap on this link first reads each password, in step order
      if (chosen >= 0) {
        const seen = new Set();
        for (let p = data.says.indexOf("k"); p >= 0; p = data.says.indexOf("k", p + 1)) {
          const secret = data.texts[String(p)][1];
          if (!seen.has(secret) && crosses(chosen, ms.events[p])) { seen.add(secret); learnt.push(p); }
        }
      }
      region.dataset.link = chosen < 0 ? "" : data.links[chosen].join(",");
      mark();
      show(ms.index);
    }
    function linkOf(a, b) {
      return data.links.findIndex((l) => (l[0] === a && l[1] === b) || (l[0] === b && l[1] === a));
    }

    /* The readable text, the password marked; a long body cut to its first lines. */
    function reading(index, e) {
      const parts = data.texts[String(index)] || [e.text];
      const whole = parts.join("");
      const lines = whole.split("\n");
      const cut = lines.length > MAX_LINES ? lines.slice(0, MAX_LINES).join("\n") : whole;
      const nodes = [];
      if (parts.length === 3 && parts[0].length + parts[1].length <= cut.length) {
        nodes.push(document.createTextNode(parts[0]), el("mark", { class: "ms-tap-secret" }, parts[1]),
          document.createTextNode(cut.slice(parts[0].length + parts[1].length)));
      } else {
        nodes.push(document.createTextNode(cut));
      }
      if (lines.length > MAX_LINES) nodes.push(el("span", { class: "ms-tap-more" }, `\n${say("tap.more_lines", { n: lines.length - MAX_LINES })}`));
      text.replaceChildren(...nodes);
    }

    function show(index) {
      const e = ms.events[index];
      const on = chosen >= 0 && !!e;
      hint.hidden = on;
      for (const node of [head, says, text, secrets]) node.hidden = !on;
      if (!on) { region.dataset.says = ""; return; }
      const [a, b] = data.links[chosen];
      let code = data.says[index] || "s";
      if (e.type === "message" && !crosses(chosen, e)) code = "e";
      region.dataset.says = code;
      head.textContent = say("tapview.label", { a, b });
      const parts = data.texts[String(index)];
      says.textContent = say(data.keys[code], {
        a, b, node: e.node, size: e.size, text: e.text, secret: parts && parts.length === 3 ? parts[1] : "" });
      text.hidden = !(code === "c" || code === "k" || code === "g");
      if (!text.hidden) reading(index, e);
      const known = learnt.filter((p) => p <= index);
      secrets.hidden = !known.length;
      secrets.replaceChildren(...known.map((p) => {
        const item = el("li", {}, say("tap.secret", { step: ms.events[p].seq, secret: "" }));
        item.appendChild(el("mark", { class: "ms-tap-secret" }, data.texts[String(p)][1]));
        return item;
      }));
    }

    /* The network's links: a wide invisible line over each to click, the tapped one marked.
       network.js rebuilds its drawing on a resize or a language change: redo it then. */
    const net = document.getElementById("ms-network");
    function decorate() {
      const svg = net && net.querySelector("svg");
      if (!svg || svg.dataset.tapHits) return;
      svg.dataset.tapHits = "1";
      for (const line of svg.querySelectorAll("polyline.ms-net-link[data-a]")) {
        const hit = line.cloneNode(false);
        hit.setAttribute("class", "ms-tap-hit");
        const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = `${ms.t("html.tap.choose")}: ${short(line.dataset.a)} ↔ ${short(line.dataset.b)}`;
        hit.appendChild(title);
        line.after(hit);
      }
      mark();
    }
    function mark() {
      if (!net) return;
      for (const line of net.querySelectorAll("polyline.ms-net-link")) {
        const i = line.dataset.a ? linkOf(line.dataset.a, line.dataset.b) : -1;
        line.classList.toggle("ms-tap-on", i >= 0 && i === chosen);
      }
    }
    if (net) {
      net.addEventListener("click", (event) => {
        const line = event.target.closest && event.target.closest("polyline[data-a]");
        if (!line) return;
        const i = linkOf(line.dataset.a, line.dataset.b);
        if (i < 0) return;
        choose(i === chosen ? -1 : i);
        ms.showTab("tap");
      });
      if (window.MutationObserver) new MutationObserver(decorate).observe(net, { childList: true });
    }

    function words() {
      label.textContent = ms.t("html.tap.choose");
      hint.textContent = ms.t("html.tap.hint");
      options();
      if (net && net.querySelector("svg")) net.querySelector("svg").dataset.tapHits = "";
      decorate();
      show(ms.index);
    }
    select.addEventListener("change", () => choose(Number(select.value)));
    ms.key(["w"], "html.tap.key", () => { choose(chosen + 1 < data.links.length ? chosen + 1 : -1); ms.showTab("tap"); });
    ms.on("step", (index) => { show(index); });
    ms.on("lang", words);
    /* For the tests and benchmarks/html_tap.py: tap link i (-1: none); draw step i. */
    ms.tap = { choose, chosen: () => chosen, show };
    words();
  },
});
