"use strict";
/* The network view's plain geometry: a link's points (straight, or an elbow that keeps
   clear of labels), lengths and points along a polyline, a role's mark and a token's
   short label. Pure functions, so network.js keeps to drawing and stepping. */
const MSNetGeometry = (() => {
  /* Points of a link from node a to node b: straight when in a row or a column next
     to each other, else an elbow in the gap left of the right-hand column (never through a label). */
  function route(a, b, lane = 0) {
    if (Math.abs(a.cy - b.cy) < 1 || (a.col === b.col && Math.abs(a.row - b.row) === 1)) return [[a.cx, a.cy], [b.cx, b.cy]];
    if (a.col === b.col) {  // past a host between them: along the column's left edge
      const side = a.x0 + 3 - 4 * lane;  // each such link of a column its own lane, in the gap
      return [[a.cx, a.cy], [side, a.cy], [side, b.cy], [b.cx, b.cy]];
    }
    const [l, r] = a.cx < b.cx ? [a, b] : [b, a];
    const bx = r.x0 - 3;  // in the gap left of the column, clear of its glyphs
    const pts = [[l.cx, l.cy], [bx, l.cy], [bx, r.cy], [r.cx, r.cy]];
    return a === l ? pts : pts.reverse();
  }
  function roleMark(role) {
    return { client: "▭", mail_server: "✉", relay: "⇄", dns: "?", auth: "✓", router: "⊕" }[role] || "•";
  }

  function polyLength(pts) {
    let s = 0;
    for (let i = 1; i < pts.length; i++) s += Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
    return s;
  }
  function along(pts, f) {
    const total = polyLength(pts);
    let left = total * f;
    for (let i = 1; i < pts.length; i++) {
      const seg = Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
      if (left <= seg || i === pts.length - 1) {
        const k = seg ? Math.min(1, left / seg) : 1;
        return [pts[i - 1][0] + (pts[i][0] - pts[i - 1][0]) * k, pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * k];
      }
      left -= seg;
    }
    return pts.length ? pts[pts.length - 1] : [0, 0];
  }
  /* The token's short label: the command or the reply code (the protocol's name when
     the line is encrypted and not shown). */
  function label(e, showEncrypted) {
    if (e.encrypted && !showEncrypted) return e.protocol;
    const first = e.text.split("\n")[0].trim();
    const code = /^(\d{3})[ -]/.exec(first);
    if (code) return code[1];
    if (e.protocol === "TCP" && first.length <= 12) return first;
    const words = first.split(/\s+/);
    let w = /^(A\d+|\*|\+)$/.test(words[0]) && words[1] ? words[1] : words[0];
    if (w === "UID" && words[2]) w += ` ${words[2]}`;
    if (e.protocol === "DNS" && w === "QUERY") w += ` ${words[words.length - 1]}`;
    w = w.replace(/\(.*$/, "").replace(/,$/, "");
    return w.length > 14 ? `${w.slice(0, 13)}…` : w;
  }

  return { route, roleMark, polyLength, along, label };
})();
window.MSNetGeometry = MSNetGeometry;
