"""How much the page's tap tab costs: its share of the page's data, and a step with a tap on.

``.venv/bin/python benchmarks/html_tap.py [--events N] [--steps S]`` (defaults 20,000 and
300) builds the tap section of ``big_trace.py``'s trace of N events (and times it), writes
the whole page, opens it in Debian's headless Chromium (``/usr/bin/chromium``, or
``MAILSIM_CHROMIUM``) through Playwright, puts the tap on the link most units cross, shows
its tab, and times S steps forward from the middle and 20 jumps, each with a forced layout:
the page's whole step (every view) and the tap tab's own share (its ``step`` handler),
median, 95th percentile and largest in ms, against issue 13's 16 ms. Status 1 if the
page's median step forward with the tap on misses it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_trace import big_trace

from mailsim.views.html import render_page
from mailsim.views.html.sections.tap import build

STEP_TARGET_MS = 16.0
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

MEASURE = """([count, jumps]) => {
  const data = MS.data.tap;
  const busiest = data.cross.map((pairs, i) => [MS.events.filter(e => e.type === 'message'
      && pairs.includes(`${e.src}>${e.dst}`)).length, i]).sort((x, y) => y[0] - x[0])[0][1];
  MS.tap.choose(busiest);
  MS.showTab('tap');
  const region = document.getElementById('ms-tap');
  const page = [], own = [], jump = [];
  MS.go(Math.floor(MS.events.length / 2));
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    MS.next();
    void region.offsetHeight;
    page.push(performance.now() - t0);
  }
  for (let i = 0; i < count; i++) {  // the tab's own handler, alone
    const at = Math.floor(MS.events.length / 2) + i;
    MS.index = at;
    const t0 = performance.now();
    MS.tap.show(at);
    void region.offsetHeight;
    own.push(performance.now() - t0);
  }
  let seed = 7;
  for (let i = 0; i < jumps; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const t0 = performance.now();
    MS.go(seed % MS.events.length);
    void region.offsetHeight;
    jump.push(performance.now() - t0);
  }
  return {"page step": page, "tap tab's step": own, "page jump": jump, busiest: [busiest]};
}"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    trace = big_trace(args.events)
    t0 = time.perf_counter()
    section = build(trace)
    built = time.perf_counter() - t0
    size = len(json.dumps(section, ensure_ascii=False, separators=(",", ":")).encode())
    path = Path(tempfile.mkdtemp(prefix="mailsim-tap-")) / "big.html"
    path.write_text(render_page(trace), encoding="utf-8")
    print(f"{args.events:,} events: the tap section is {size / 1024:,.0f} KB of a "
          f"{path.stat().st_size / 1024:,.0f} KB page ({size / path.stat().st_size:.1%}), "
          f"built in {built:.2f} s")
    executable = os.environ.get("MAILSIM_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        timings = page.evaluate(MEASURE, [args.steps, 20])
        browser.close()
    link = section["links"][timings.pop("busiest")[0]]
    print(f"  the tap on {link[0]} ↔ {link[1]}, its tab shown")
    medians = {}
    for kind, values in timings.items():
        median, p95, worst = statistics.median(values), percentile(values, 95), max(values)
        medians[kind] = median
        print(f"  {kind}: median {median:.2f} ms, p95 {p95:.2f} ms, max {worst:.2f} ms "
              f"(target {STEP_TARGET_MS:.0f} ms: the median is {median / STEP_TARGET_MS:.2f}× of it)")
    return 1 if medians["page step"] > STEP_TARGET_MS else 0


if __name__ == "__main__":
    raise SystemExit(main())
