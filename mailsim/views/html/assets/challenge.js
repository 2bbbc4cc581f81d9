"use strict";
/* Challenge mode: with it on (key c, or the button in the caption strip), stepping forward
   onto a step that has a question (MS.data.questions, made by views/quiz.py) opens the
   #ms-challenge overlay with the question first; the step is shown only once the student
   has answered (1-4 or a-d, or a click), with the verdict, the reason and the score.
   At the end of the run the scenario's own questions (MS.data.lesson.questions) follow.
   While the overlay is open it takes every key itself (a capturing listener), so 1, 2, 3
   answer instead of switching tabs. */
MS.view("challenge", {
  init(ms) {
    const questions = ms.data.questions || [];
    const byStep = new Map(questions.map((q) => [q.step, q]));
    const overlay = document.getElementById("ms-challenge");
    const letters = "abcd";
    const answerKeys = { 1: 0, 2: 1, 3: 2, 4: 3, a: 0, b: 1, c: 2, d: 3 };
    const answered = new Map();  // step -> the option chosen
    let on = false, right = 0, asked = 0;
    let open = null;     // {mode: "question" | "feedback" | "end", q, target, why, resume, chosen}
    let passing = false; // true while this script itself reveals the step
    let atEndBefore = false;

    const el = (tag, attrs, text) => {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
      if (text != null) node.textContent = text;
      return node;
    };

    const toggle = el("button", { id: "ms-challenge-toggle", type: "button", "aria-pressed": "false" });
    toggle.addEventListener("click", () => setOn(!on));
    document.getElementById("ms-caption").prepend(toggle);

    /* Stepping forward (→, the button, playing) onto an unanswered question's step asks
       first: the step itself is revealed by answer(). Jumps (End, a link, the box) pass. */
    const go = ms.go;
    ms.go = function (i, why) {
      if (passing || !on || why !== "next" || open) return go.call(ms, i, why);
      const target = i | 0;
      const q = byStep.get(target);
      if (!q || answered.has(target) || target <= ms.index) return go.call(ms, i, why);
      const resume = ms.playing;
      if (resume) ms.pause();
      open = { mode: "question", q, target, why, resume, chosen: -1 };
      render();
      return 0;
    };

    function setOn(value) {
      on = !!value;
      document.body.classList.toggle("ms-challenge-on", on);
      if (!on && open) hide();
      labels();
    }
    function score() { return ms.t("html.challenge.score", { right, asked }); }
    function labels() {
      toggle.setAttribute("aria-pressed", String(on));
      toggle.title = ms.t("html.challenge.key");
      toggle.textContent = on ? `${ms.t("html.challenge.button")} · ${score()}` : ms.t("html.challenge.off");
    }

    function answer(k) {
      if (!open || open.mode !== "question" || k >= open.q.options.length) return;
      answered.set(open.target, k);
      asked += 1;
      if (k === open.q.answer) right += 1;
      open.mode = "feedback";
      open.chosen = k;
      passing = true;
      try { go.call(ms, open.target, open.why); } finally { passing = false; }
      labels();
      render();
    }
    function hide() {
      open = null;
      overlay.hidden = true;
      overlay.className = "ms-overlay";
      overlay.replaceChildren();
    }
    /* Closing the feedback goes on where the student was: the end's questions, or playing. */
    function close() {
      const was = open;
      hide();
      if (!was || was.mode !== "feedback") return;
      if (ms.atEnd()) showEnd();
      else if (was.resume) ms.play();
    }
    function showEnd() {
      open = { mode: "end" };
      render();
    }

    function render() {
      if (!open) return;
      overlay.replaceChildren();
      overlay.hidden = false;
      overlay.className = `ms-overlay ms-challenge-${open.mode}`;
      const box = el("div", { class: "ms-overlay-box", id: "ms-challenge-box", role: "dialog" });
      overlay.appendChild(box);
      if (open.mode === "end") { renderEnd(box); return; }
      const q = open.q;
      const head = el("div", { class: "ms-challenge-head" });
      head.append(el("h2", {}, ms.t("html.challenge.title", { step: q.step })),
        el("span", { id: "ms-challenge-score" }, score()));
      box.append(head, el("p", { id: "ms-challenge-prompt" }, ms.pick(q.prompt)));
      const list = el("ol", { id: "ms-challenge-options" });
      q.options.forEach((option, k) => {
        const b = el("button", { type: "button", "data-option": String(k) });
        b.append(el("kbd", {}, letters[k]), document.createTextNode(ms.pick(option)));
        if (open.mode === "question") b.addEventListener("click", () => answer(k));
        else {
          b.disabled = true;
          if (k === q.answer) b.classList.add("ms-right");
          else if (k === open.chosen) b.classList.add("ms-wrong");
          else return;  // answered: only the right option and the one chosen stay, so it fits
        }
        const item = el("li");
        item.appendChild(b);
        list.appendChild(item);
      });
      box.appendChild(list);
      if (open.mode === "question") {
        box.appendChild(el("p", { class: "ms-hint" }, ms.t("html.challenge.skip")));
        return;
      }
      const good = open.chosen === q.answer;
      const verdict = good ? ms.t("html.challenge.right")
        : ms.t("html.challenge.wrong", { letter: letters[q.answer], option: ms.pick(q.options[q.answer]) });
      box.append(el("p", { id: "ms-challenge-verdict", class: good ? "ms-right" : "ms-wrong" }, verdict),
        el("p", { id: "ms-challenge-reason" }, ms.pick(q.reason)));
      const next = el("button", { type: "button", id: "ms-challenge-continue" }, ms.t("html.challenge.continue"));
      next.addEventListener("click", close);
      box.appendChild(next);
      next.focus({ preventScroll: true });
    }
    function renderEnd(box) {
      box.appendChild(el("h2", { id: "ms-challenge-end" }, ms.t("html.challenge.end", { right, asked })));
      const own = (ms.data.lesson && ms.data.lesson.questions) || [];
      box.appendChild(el("h3", {}, ms.t("html.challenge.lesson")));
      if (own.length) {
        const list = el("ul", { id: "ms-challenge-lesson" });
        for (const text of own) list.appendChild(el("li", {}, ms.pick(text)));
        box.appendChild(list);
      } else {
        box.appendChild(el("p", { id: "ms-challenge-lesson" }, ms.t("html.challenge.no_lesson")));
      }
      const done = el("button", { type: "button", id: "ms-challenge-continue" }, ms.t("html.challenge.close"));
      done.addEventListener("click", close);
      box.appendChild(done);
    }

    /* The overlay's keys come before everyone else's: nothing behind it moves. */
    window.addEventListener("keydown", (e) => {
      if (!open || e.ctrlKey || e.metaKey || e.altKey) return;
      e.stopPropagation();
      e.preventDefault();
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (open.mode === "question") {
        if (key in answerKeys) answer(answerKeys[key]);
        else if (key === "Escape") hide();
      } else if (key === "Enter" || key === " " || key === "Escape" || key === "ArrowRight") {
        close();
      } else if (key === "c") {
        setOn(false);
      }
    }, true);

    ms.key(["c"], "html.challenge.key", () => setOn(!on));
    ms.on("step", (index) => {
      const atEnd = ms.atEnd();
      if (on && !open && atEnd && !atEndBefore && index > 0) showEnd();
      atEndBefore = atEnd;
    });
    ms.on("lang", () => { labels(); render(); });
    labels();
  },
});
