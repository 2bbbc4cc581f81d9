"use strict";
/* The caption strip: what happens at this step, in plain words, and with the postal
   analogy on, which post office each side is. Always visible, above every panel. */
MS.view("caption", {
  init(ms) {
    const box = document.getElementById("ms-caption");
    const head = document.createElement("div");
    head.id = "ms-caption-head";
    const plain = document.createElement("div");
    plain.id = "ms-caption-plain";
    const analogy = document.createElement("div");
    analogy.id = "ms-caption-analogy";
    box.append(head, plain, analogy);
    const captions = ms.data.captions || [];

    function title(name) {
      const h = ms.host(name);
      return h ? `${ms.pick(h.title)} (${h.short})` : name;
    }
    function render() {
      const e = ms.events[ms.index];
      if (!e) { head.textContent = ms.t("html.empty"); plain.textContent = ""; analogy.textContent = ""; return; }
      const c = captions[ms.index] || {};
      if (e.type === "message") {
        head.textContent = `#${e.seq} · ${ms.formatTime(e.t_sent)} · ${title(e.src)} → ${title(e.dst)} · ${e.protocol}:${e.port}`;
        const hidden = e.encrypted && !ms.showEncrypted;
        plain.textContent = hidden ? ms.t("html.caption.encrypted") : (ms.pick(c.plain) || "");
      } else {
        head.textContent = `#${e.seq} · ${ms.formatTime(e.t)} · ${title(e.node)}`;
        plain.textContent = [ms.pick(c.state), ms.pick(c.plain)].filter(Boolean).join(" — ") || e.action;
      }
      const sides = e.type === "message" ? [e.src, e.dst] : [e.node];
      analogy.textContent = sides.map((n) => {
        const h = ms.host(n);
        return h && ms.pick(h.analogy) ? `${h.short}: ${ms.pick(h.analogy)}` : "";
      }).filter(Boolean).join("  →  ");
    }
    ms.on("step", render);
    ms.on("lang", render);
    ms.on("options", render);
  },
});
