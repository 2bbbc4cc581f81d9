"""No two host labels of the network overlap, on every bundled scenario (the storage
study as its sample), at 1280×720 and 1920×1080, and none runs out of the drawing."""

from __future__ import annotations

from pathlib import Path

import pytest

SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml"))
BOXES = """() => {
  const svg = document.getElementById('ms-net-svg').getBoundingClientRect();
  const boxes = [...document.querySelectorAll('#ms-net-svg .ms-net-node')].map(g => {
    const r = g.querySelector('.ms-net-label').getBoundingClientRect();
    return [g.dataset.node, r.left, r.top, r.right, r.bottom];
  });
  return {svg: [svg.left, svg.top, svg.right, svg.bottom], boxes};
}"""


def overlaps(boxes: list[list]) -> list[tuple[str, str]]:
    found = []
    for i, (a, l1, t1, r1, b1) in enumerate(boxes):
        for b, l2, t2, r2, b2 in boxes[i + 1:]:
            if min(r1, r2) - max(l1, l2) > 0.5 and min(b1, b2) - max(t1, t2) > 0.5:
                found.append((a, b))
    return found


@pytest.mark.parametrize("name", SCENARIOS)
def test_host_labels_never_overlap(open_page, name: str) -> None:
    opened = open_page(name, width=1280, height=720)
    for width, height in ((1280, 720), (1920, 1080)):
        opened.page.set_viewport_size({"width": width, "height": height})
        opened.page.wait_for_function(
            "w => document.getElementById('ms-net-svg').getBoundingClientRect().width >= "
            "Math.min(w, document.getElementById('ms-network').clientWidth) - 4",
            arg=width * 0.5, timeout=5_000)
        opened.page.wait_for_timeout(50)
        got = opened.js(BOXES)
        hosts = opened.js("MS.hosts.length")
        assert 0 < len(got["boxes"]) <= hosts
        assert overlaps(got["boxes"]) == [], (name, width)
        left, top, right, bottom = got["svg"]
        for box in got["boxes"]:
            assert left - 1 <= box[1] and box[3] <= right + 1 and top - 1 <= box[2] \
                and box[4] <= bottom + 1, (name, width, box)
    assert opened.errors == []
