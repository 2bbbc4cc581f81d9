"use strict";
/* Where the network view puts each host: a pure function of the hosts, the links and
   the room, so network.js only draws what it returns.

   The article's route runs left to right along a spine: the longest chain of mail
   servers and relays (your mail server → relay → recipient's server). The first spine
   host's own devices stand in a column on its left (your mail client), the last one's
   on its right (the recipient's devices). Auth servers sit above the mail server they
   serve, DNS below the relay it answers (off its side), a server off the spine (a
   backup MX) below its neighbour on the spine; devices of a server in the middle
   below it. More than MAX_STACK devices of one server are drawn as one group node, so
   a 70-host study stays readable. Every host gets a cell of a grid; labels are fitted
   into their cell, so no two labels can overlap. */
const MSNetLayout = (() => {
  const MAX_STACK = 4;
  const SIDE = new Set(["client", "auth", "dns"]);
  const NO_START = /^[ー。、」）)・ぁぃぅぇぉっゃゅょァィゥェォッャュョ]/;

  /* hosts: [{name, role}] in route order; links: [{a, b}].
     Returns {columns: [{above: [node], main: [node], below: [node]}], nodeOf: Map}
     where a node is {id, hosts: [names], group: bool, role}. */
  function arrange(hosts, links) {
    const order = new Map(hosts.map((h, i) => [h.name, i]));
    const role = new Map(hosts.map((h) => [h.name, h.role]));
    const near = new Map(hosts.map((h) => [h.name, []]));
    for (const l of links) {
      if (!near.has(l.a) || !near.has(l.b)) continue;
      near.get(l.a).push(l.b);
      near.get(l.b).push(l.a);
    }
    for (const list of near.values()) list.sort((x, y) => order.get(x) - order.get(y));
    if (![...near.values()].some((list) => list.length)) {  // no links known: the route order
      const nodeOf = new Map();
      const columns = hosts.map((h) => {
        const node = { id: h.name, hosts: [h.name], group: false, role: h.role };
        nodeOf.set(h.name, node);
        return { above: [], main: [node], below: [] };
      });
      return { columns, nodeOf };
    }
    // Routers stand first, their customers' devices on their left: the way out of home.
    const routers = hosts.filter((h) => h.role === "router").map((h) => h.name);
    const backbone = hosts.filter((h) => !SIDE.has(h.role) && h.role !== "router").map((h) => h.name);
    const spine = longestChain(backbone, near);
    const columns = [];
    const columnOf = new Map();  // host -> its column
    for (const name of [...routers, ...spine]) {
      const col = { above: [], main: [name], below: [], left: [], right: [] };
      columns.push(col);
      columnOf.set(name, col);
    }
    const placed = new Set([...routers, ...spine]);
    const isServer = (n) => !SIDE.has(role.get(n)) && role.get(n) !== "router";
    const attach = (name, where, anchor) => {
      let col = anchor ? columnOf.get(anchor) : null;
      if (!col) { col = { above: [], main: [], below: [], left: [], right: [] }; columns.push(col); where = "main"; }
      col[where].push(name);
      columnOf.set(name, col);
      placed.add(name);
    };
    const first = (name, test) => near.get(name).find((n) => test(n)) || null;
    // backbone hosts off the spine: below their first neighbour already placed
    let pending = backbone.filter((n) => !placed.has(n));
    for (let pass = 0; pending.length && pass < hosts.length; pass++) {
      for (const name of pending) {
        const anchor = first(name, (n) => placed.has(n) && !SIDE.has(role.get(n)));
        if (anchor || pass === hosts.length - 1 || pass > 2) attach(name, "below", anchor);
      }
      pending = pending.filter((n) => !placed.has(n));
    }
    for (const h of hosts) {
      if (placed.has(h.name)) continue;
      const server = first(h.name, (n) => placed.has(n) && isServer(n))
        || first(h.name, (n) => placed.has(n) && !SIDE.has(role.get(n)));
      if (h.role === "client" && server && role.get(server) === "router") attach(h.name, "left", server);
      else if (h.role === "auth") {  // above a server on the main line, else just below it
        const col = server && columnOf.get(server);
        attach(h.name, !col || col.main.includes(server) ? "above" : "below", server);
      }
      else if (h.role === "dns") {
        const relay = first(h.name, (n) => placed.has(n) && role.get(n) === "relay");
        attach(h.name, "below", relay || server);
      } else if (h.role === "client" && server && spine.length) {
        const ends = spine.length === 1
          ? (order.get(h.name) < order.get(server) ? "left" : "right")
          : server === spine[0] ? "left" : server === spine[spine.length - 1] ? "right" : "below";
        attach(h.name, ends, server);
      } else attach(h.name, "main", null);
    }
    // a client column on each side of the spine's ends, in route order
    const out = [];
    for (const col of columns) {
      if (col.left.length) out.push({ above: [], main: col.left, below: [] });
      out.push({ above: col.above, main: col.main, below: col.below });
      if (col.right.length) out.push({ above: [], main: col.right, below: [] });
    }
    // nodes: one per host, or one per group of many devices of one server
    const nodeOf = new Map();
    const groupDevices = (names) => {
      const byServer = new Map();
      for (const n of names) {
        const key = role.get(n) === "client" ? (near.get(n)[0] || "") : null;
        if (key === null) continue;
        (byServer.get(key) || byServer.set(key, []).get(key)).push(n);
      }
      const result = [];
      const done = new Set();
      for (const n of names) {
        if (done.has(n)) continue;
        const key = role.get(n) === "client" ? (near.get(n)[0] || "") : null;
        const mates = key === null ? [n] : byServer.get(key);
        if (mates.length > MAX_STACK) {
          const node = { id: `group:${key}`, hosts: mates, group: true, role: "client", server: key };
          for (const m of mates) { nodeOf.set(m, node); done.add(m); }
          result.push(node);
        } else {
          const node = { id: n, hosts: [n], group: false, role: role.get(n) };
          nodeOf.set(n, node);
          done.add(n);
          result.push(node);
        }
      }
      return result;
    };
    for (const col of out) {
      col.above = groupDevices(col.above);
      col.main = groupDevices(col.main);
      col.below = groupDevices(col.below);
    }
    return { columns: out, nodeOf };
  }

  /* The longest shortest chain (in hops) between two backbone hosts, through backbone
     hosts only; ties go to the pair earliest in route order, oriented along it. */
  function longestChain(backbone, near) {
    const inside = new Set(backbone);
    let best = backbone.length ? [backbone[0]] : [];
    for (let i = 0; i < backbone.length; i++) {
      const prev = new Map([[backbone[i], null]]);
      const queue = [backbone[i]];
      while (queue.length) {
        const at = queue.shift();
        for (const n of near.get(at)) if (inside.has(n) && !prev.has(n)) { prev.set(n, at); queue.push(n); }
      }
      for (let j = i + 1; j < backbone.length; j++) {
        if (!prev.has(backbone[j])) continue;
        const chain = [];
        for (let at = backbone[j]; at !== null; at = prev.get(at)) chain.unshift(at);
        if (chain.length > best.length) best = chain;
      }
    }
    return best;
  }

  /* Rows of the grid: the above rows, the main line, then the rest. Returns
     [{node, col, row}] and the counts. */
  function cells(columns) {
    const above = Math.max(0, ...columns.map((c) => c.above.length));
    const list = [];
    let rows = above + 1;
    columns.forEach((c, col) => {
      c.above.forEach((node, k) => list.push({ node, col, row: above - c.above.length + k }));
      [...c.main, ...c.below].forEach((node, k) => list.push({ node, col, row: above + k }));
      rows = Math.max(rows, above + c.main.length + c.below.length);
    });
    return { cells: list, rows, cols: columns.length, mainRow: above };
  }

  /* Each cell's top, stacking every column from one main line: the hosts above it
     upward, the rest downward, each cell as tall as heightOf says; spare room (up to
     room px) is shared out as gaps. Returns {top: Map(cell -> y), total, size, height: heightOf}. */
  function stack(grid, heightOf, room) {
    const byCol = new Map();
    for (const c of grid.cells) (byCol.get(c.col) || byCol.set(c.col, []).get(c.col)).push(c);
    let aboveH = 0, belowH = 0, aboveN = 0, count = 1;
    for (const list of byCol.values()) {
      list.sort((a, b) => a.row - b.row);
      const up = list.filter((c) => c.row < grid.mainRow);
      aboveH = Math.max(aboveH, up.reduce((s, c) => s + heightOf(c), 0));
      belowH = Math.max(belowH, list.filter((c) => c.row >= grid.mainRow).reduce((s, c) => s + heightOf(c), 0));
      aboveN = Math.max(aboveN, up.length);
      count = Math.max(count, list.length);
    }
    const total = aboveH + belowH;
    const gap = Math.max(0, room - total) / (count + 1);
    const mainTop = aboveH + gap * (aboveN + 1);
    const top = new Map();
    let size = room;
    for (const list of byCol.values()) {
      let y = mainTop - gap;
      for (const c of list.filter((x) => x.row < grid.mainRow).reverse()) { y -= heightOf(c); top.set(c, y); y -= gap; }
      y = mainTop;
      for (const c of list.filter((x) => x.row >= grid.mainRow)) { top.set(c, y); y += heightOf(c) + gap; }
      size = Math.max(size, y);
    }
    return { top, total, size, height: heightOf };
  }

  /* Words to lines no wider than width (measure: text -> px); CJK text breaks
     anywhere, a word too long for a line is cut with an ellipsis. */
  function wrap(text, width, measure, maxLines) {
    const cjk = /[\u3000-\u9fff\uff00-\uffef]/.test(text);
    const parts = [];
    for (const word of cjk ? Array.from(text) : text.split(/(\s+)/).filter((p) => p.length)) {
      // a word wider than a line ("authentication") is broken with a hyphen, not cut
      let rest = word;
      while (rest.length > 4 && measure(rest) > width) {
        let n = rest.length - 3;  // leave a few letters for the next line
        while (n > 2 && measure(`${rest.slice(0, n)}-`) > width) n--;
        parts.push(`${rest.slice(0, n)}-`, " ");
        rest = rest.slice(n);
      }
      parts.push(rest);
    }
    const lines = [];
    let line = "";
    for (const part of parts) {
      const next = line + part;
      if (!line || measure(next.trimEnd()) <= width) { line = next; continue; }
      if (cjk && NO_START.test(part) && line.length > 1) {
        // a line never starts with ー, 。 or a small kana: take one character along
        lines.push(line.slice(0, -1));
        line = line.slice(-1) + part;
        continue;
      }
      lines.push(line.trim());
      line = part.trimStart();
    }
    if (line.trim()) lines.push(line.trim());
    if (lines.length > maxLines) {
      lines.length = maxLines;
      lines[maxLines - 1] += "…";
    }
    return lines.map((l) => fit(l, width, measure));
  }
  function fit(text, width, measure) {
    if (measure(text) <= width) return text;
    let cut = text;
    while (cut.length > 1 && measure(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  return { arrange, cells, stack, wrap, fit, longestChain, MAX_STACK };
})();
window.MSNetLayout = MSNetLayout;
