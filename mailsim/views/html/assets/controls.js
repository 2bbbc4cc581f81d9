"use strict";
/* The bar: stepping, play and speed, the jump box, language, options, the side tabs,
   full screen and the help overlay that lists every key any view registered. */
MS.view("controls", {
  init(ms) {
    const bar = document.getElementById("ms-controls");
    const title = document.getElementById("ms-title");
    const el = (tag, attrs, text) => {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
      if (text != null) node.textContent = text;
      return node;
    };
    const button = (id, symbol, label, run) => {
      const b = el("button", { id, type: "button" }, symbol);
      b.addEventListener("click", run);
      b.dataset.label = label;
      bar.appendChild(b);
      return b;
    };
    button("ms-first", "|←", "html.key.first", () => ms.first());
    button("ms-prev", "←", "html.key.prev", () => ms.prev());
    const play = button("ms-play", "▶", "html.key.play", () => ms.toggle());
    button("ms-next", "→", "html.key.next", () => ms.next());
    button("ms-last", "→|", "html.key.last", () => ms.last());
    const speed = el("span", { id: "ms-speed", class: "ms-chip" });
    bar.appendChild(speed);
    const counter = el("span", { id: "ms-counter", class: "ms-chip" });
    bar.appendChild(counter);
    const jumpForm = el("form", { id: "ms-jump-form" });
    const jump = el("input", { id: "ms-jump", type: "text", size: "8", autocomplete: "off" });
    jumpForm.appendChild(jump);
    jumpForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const ok = ms.jump(jump.value);
      jump.classList.toggle("ms-bad", !ok);
      if (ok) { jump.value = ""; jump.blur(); }
    });
    jump.addEventListener("keydown", (e) => { if (e.key === "Escape") jump.blur(); });
    bar.appendChild(jumpForm);
    const lang = el("select", { id: "ms-lang" });
    for (const code of ms.data.languages) lang.appendChild(el("option", { value: code }, code === "ja" ? "日本語" : "English"));
    lang.addEventListener("change", () => ms.setLang(lang.value));
    bar.appendChild(lang);
    const toggle = (id, option, label) => {
      const b = button(id, "", label, () => ms.setOption(option, !ms[option]));
      b.classList.add("ms-toggle");
      return b;
    };
    const analogy = toggle("ms-analogy", "analogy", "html.key.analogy");
    const encrypted = toggle("ms-encrypted", "showEncrypted", "html.key.encrypted");
    const projector = toggle("ms-projector", "projector", "html.key.projector");
    const full = button("ms-fullscreen", "", "html.key.fullscreen", fullScreen);
    button("ms-help-button", "?", "html.key.help", () => help(true));

    // the side panel's tabs
    const tabs = document.getElementById("ms-tabs");
    const panels = Array.from(document.querySelectorAll(".ms-tab"));
    const tabButtons = panels.map((panel, n) => {
      const b = el("button", { type: "button", role: "tab", "data-tab": panel.dataset.tab });
      b.addEventListener("click", () => ms.showTab(panel.dataset.tab));
      tabs.appendChild(b);
      ms.key([String(n + 1)], `html.tab.${panel.dataset.tab}`, () => ms.showTab(panel.dataset.tab));
      return b;
    });
    ms.showTab = (name) => {
      for (const p of panels) p.hidden = p.dataset.tab !== name;
      for (const b of tabButtons) b.setAttribute("aria-selected", String(b.dataset.tab === name));
      ms.emit("tab", name);
    };
    ms.showTab(panels[0].dataset.tab);

    function fullScreen() {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    }
    const overlay = document.getElementById("ms-help");
    function help(open) {
      overlay.hidden = !open;
      if (!open) return;
      overlay.replaceChildren();
      const box = el("div", { class: "ms-overlay-box" });
      box.appendChild(el("h2", {}, ms.t("html.help.title")));
      const table = el("table", { id: "ms-help-keys" });
      for (const k of ms.keyList()) {
        const row = el("tr");
        const cell = el("td");
        for (const key of k.keys) cell.appendChild(el("kbd", {}, keyName(key)));
        row.appendChild(cell);
        row.appendChild(el("td", {}, ms.t(k.label)));
        table.appendChild(row);
      }
      box.appendChild(table);
      box.appendChild(el("p", { class: "ms-hint" }, ms.t("html.help.close")));
      overlay.appendChild(box);
    }
    overlay.addEventListener("click", () => help(false));
    function keyName(key) {
      return { ArrowLeft: "←", ArrowRight: "→", " ": "Space", Escape: "Esc" }[key] || key;
    }

    ms.key(["ArrowRight"], "html.key.next", () => ms.next());
    ms.key(["ArrowLeft"], "html.key.prev", () => ms.prev());
    ms.key(["Home"], "html.key.first", () => ms.first());
    ms.key(["End"], "html.key.last", () => ms.last());
    ms.key([" "], "html.key.play", () => ms.toggle());
    ms.key(["+", "="], "html.key.faster", () => ms.faster());
    ms.key(["-", "_"], "html.key.slower", () => ms.slower());
    ms.key([":", "g"], "html.key.jump", () => { jump.focus(); jump.select(); });
    ms.key(["l"], "html.key.lang", () => {
      const codes = ms.data.languages;
      ms.setLang(codes[(codes.indexOf(ms.lang) + 1) % codes.length]);
    });
    ms.key(["a"], "html.key.analogy", () => ms.setOption("analogy", !ms.analogy));
    ms.key(["e"], "html.key.encrypted", () => ms.setOption("showEncrypted", !ms.showEncrypted));
    ms.key(["p"], "html.key.projector", () => ms.setOption("projector", !ms.projector));
    ms.key(["f"], "html.key.fullscreen", fullScreen);
    ms.key(["?", "h"], "html.key.help", () => help(overlay.hidden));
    ms.key(["Escape"], "html.key.close", () => help(false));

    function labels() {
      title.textContent = ms.t("html.title", { scenario: ms.data.scenario });
      document.title = title.textContent;
      for (const b of bar.querySelectorAll("button")) b.title = ms.t(b.dataset.label);
      jump.placeholder = ms.t("html.jump.placeholder");
      lang.value = ms.lang;
      analogy.textContent = ms.t("html.option.analogy");
      encrypted.textContent = ms.t("html.option.encrypted");
      projector.textContent = ms.t("html.option.projector");
      full.textContent = ms.t("html.option.fullscreen");
      for (const b of tabButtons) b.textContent = ms.t(`html.tab.${b.dataset.tab}`);
      if (!overlay.hidden) help(true);
      options();
      counterText();
    }
    function options() {
      play.textContent = ms.playing ? "II" : "▶";
      speed.textContent = `×${ms.speed}`;
      for (const [b, on] of [[analogy, ms.analogy], [encrypted, ms.showEncrypted], [projector, ms.projector]]) {
        b.setAttribute("aria-pressed", String(!!on));
      }
    }
    function counterText() {
      const shown = ms.shown();
      const at = ms.place();
      const e = ms.events[ms.index];
      counter.textContent = ms.t("html.counter", {
        step: ms.index, at: at + 1, shown: shown.length,
        time: e ? ms.formatTime(ms.time(e)) : "",
      });
    }
    document.body.classList.toggle("ms-analogy", !!ms.analogy);
    ms.on("lang", labels);
    ms.on("options", options);
    ms.on("step", counterText);
    ms.on("filter", counterText);
  },
});
