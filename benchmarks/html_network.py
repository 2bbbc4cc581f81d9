"""What one step costs the classroom page's animated network alone, in headless Chromium.

``.venv/bin/python benchmarks/html_network.py [--events N] [--steps S]`` (defaults 20,000
and 300) writes the page of ``big_trace.py``'s trace of N events, opens it in Debian's
Chromium (``/usr/bin/chromium``, or ``MAILSIM_CHROMIUM``) and calls the network view's own
step (``MS.network.show``) S times one step forward (the token's animation starts) and S
times at random places (the token shown at its arrival), each followed by a forced layout;
it prints the median, the 95th percentile and the largest, in ms, against the page's
16 ms a step (``html_page.py`` measures every view together), and the time to build the
whole drawing once (a resize, a language switch). Status 1 if the p95 misses 16 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_trace import big_trace

from mailsim.views.html import render_page

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEP_TARGET_MS = 16.0
MEASURE = """([count]) => {
  const out = {forward: [], jump: [], build: []};
  const middle = Math.floor(MS.events.length / 2);
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    MS.network.show(middle + i, "next");
    void document.body.offsetHeight;
    out.forward.push(performance.now() - t0);
  }
  let seed = 7;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const t0 = performance.now();
    MS.network.show(seed % MS.events.length, "jump");
    void document.body.offsetHeight;
    out.jump.push(performance.now() - t0);
  }
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    MS.network.build();
    void document.body.offsetHeight;
    out.build.push(performance.now() - t0);
  }
  return out;
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    path = Path(tempfile.mkdtemp(prefix="mailsim-network-")) / "big.html"
    path.write_text(render_page(big_trace(args.events)), encoding="utf-8")
    missed = False
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("MAILSIM_CHROMIUM", "/usr/bin/chromium"),
                                    headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        timings = page.evaluate(MEASURE, [args.steps])
        browser.close()
    print(f"{args.events:,} events, the network view alone:")
    for kind, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"  {kind}: median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms, "
              f"max {max(values):.2f} ms" + ("" if kind == "build" else
                                             f" (target {STEP_TARGET_MS:.0f} ms a step)"))
        missed |= kind != "build" and p95 > STEP_TARGET_MS
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
