// tdlab dashboard charts: plain SVG, no library, no network.
// TdlabChart.curves(container, curves, options): one mean line per configuration with a band over seeds.
// TdlabChart.claim(claim): a small number line with the claimed region (threshold overlay) and the 95% interval.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = ["#0b57d0", "#d93025", "#188038", "#e37400", "#9334e6", "#007b83", "#b06000", "#c5221f", "#5f6368", "#1967d2"];

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // "Nice" ticks covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
  function ticks(lo, hi, count) {
    if (!(hi > lo)) { const d = Math.abs(lo) || 1; lo -= d / 2; hi += d / 2; }
    const raw = (hi - lo) / Math.max(1, count);
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(m => m * p).find(s => s >= raw);
    const out = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return out;
  }

  function fmt(x) {
    if (x === null || x === undefined || !isFinite(x)) return "–";
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
    return String(Number(x.toPrecision(4)));
  }

  // Band ends of group g at point i for the chosen band kind.
  function bandAt(g, i, kind) {
    if (kind === "minmax") return [g.min[i], g.max[i]];
    if (kind === "sd" && g.mean[i] !== null) return [g.mean[i] - g.sd[i], g.mean[i] + g.sd[i]];
    return [null, null];
  }

  function curves(container, data, options) {
    container.textContent = "";
    const kind = options.band || "minmax", logY = !!options.logY;
    const hidden = options.hidden || new Set();
    const groups = data.groups.map((g, k) => Object.assign({ color: PALETTE[k % PALETTE.length], key: g.label }, g));
    if (groups.length === 0) {
      const p = document.createElement("p"); p.className = "empty";
      p.textContent = "no stored run has logged " + data.metric + " yet";
      container.appendChild(p); return;
    }
    // Final values logged at one common step: a dot plot over configurations instead of curves.
    const single = groups.every(g => g.steps.length === 1) && new Set(groups.map(g => g.steps[0])).size === 1;
    const W = 900, H = 380, m = { l: 70, r: 20, t: 14, b: single ? 110 : 44 };
    const shown = groups.filter(g => !hidden.has(g.key));
    const ok = y => y !== null && isFinite(y) && (!logY || y > 0);
    const ys = [];
    for (const g of shown) for (let i = 0; i < g.steps.length; i++) {
      for (const y of [g.mean[i], ...bandAt(g, i, kind)]) if (ok(y)) ys.push(logY ? Math.log10(y) : y);
    }
    const xs = single ? [0, Math.max(1, groups.length - 1)] : shown.flatMap(g => g.steps);
    let y0 = ys.length ? Math.min(...ys) : 0, y1 = ys.length ? Math.max(...ys) : 1;
    if (y0 === y1) { y0 -= 0.5; y1 += 0.5; }
    const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    let x0 = xs.length ? Math.min(...xs) : 0, x1 = xs.length ? Math.max(...xs) : 1;
    if (single) { x0 = -0.5; x1 = groups.length - 0.5; } else if (x0 === x1) { x0 -= 1; x1 += 1; }
    const sx = x => m.l + (x - x0) / (x1 - x0) * (W - m.l - m.r);
    const sy = y => H - m.b - ((logY ? Math.log10(y) : y) - y0) / (y1 - y0) * (H - m.t - m.b);

    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": data.metric + " by configuration" }, container);
    // axes and grid
    for (const t of ticks(y0, y1, 6)) {
      const y = H - m.b - (t - y0) / (y1 - y0) * (H - m.t - m.b);
      el("line", { x1: m.l, x2: W - m.r, y1: y, y2: y, stroke: "#eef0f4" }, svg);
      el("text", { x: m.l - 6, y: y + 4, "text-anchor": "end", "font-size": 11, fill: "#5b6475" }, svg).textContent = logY ? "1e" + fmt(t) : fmt(t);
    }
    if (single) {
      groups.forEach((g, k) => {
        const t = el("text", { x: sx(k), y: H - m.b + 12, "text-anchor": "end", "font-size": 10, fill: "#5b6475",
          transform: `rotate(-35 ${sx(k)} ${H - m.b + 12})` }, svg);
        t.textContent = g.label;
      });
    } else {
      for (const t of ticks(x0, x1, 8)) {
        el("line", { x1: sx(t), x2: sx(t), y1: m.t, y2: H - m.b, stroke: "#f3f5f8" }, svg);
        el("text", { x: sx(t), y: H - m.b + 16, "text-anchor": "middle", "font-size": 11, fill: "#5b6475" }, svg).textContent = fmt(t);
      }
      el("text", { x: (m.l + W - m.r) / 2, y: H - 8, "text-anchor": "middle", "font-size": 12, fill: "#1d2433" }, svg).textContent = "step";
    }
    el("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#c9d1dc" }, svg);
    const yl = el("text", { x: 14, y: (m.t + H - m.b) / 2, "text-anchor": "middle", "font-size": 12, fill: "#1d2433",
      transform: `rotate(-90 14 ${(m.t + H - m.b) / 2})` }, svg);
    yl.textContent = data.metric + (data.unit && data.unit !== "1" ? " (" + data.unit + ")" : "");

    groups.forEach((g, k) => {
      if (hidden.has(g.key)) return;
      const layer = el("g", { "data-group": g.label, class: "series" }, svg);
      if (single) {
        const [lo, hi] = bandAt(g, 0, kind);
        if (ok(lo) && ok(hi)) el("line", { x1: sx(k), x2: sx(k), y1: sy(lo), y2: sy(hi), stroke: g.color, "stroke-width": 2 }, layer);
        if (ok(g.mean[0])) el("circle", { cx: sx(k), cy: sy(g.mean[0]), r: 4, fill: g.color }, layer);
        return;
      }
      // band: the upper edge left to right, then the lower edge back, over runs of points where both are drawable
      let upper = [], lower = [];
      const flush = () => {
        if (upper.length > 1) el("path", { d: "M" + upper.concat(lower.reverse()).join("L") + "Z", fill: g.color, "fill-opacity": 0.15, stroke: "none" }, layer);
        upper = []; lower = [];
      };
      const line = [];
      let pen = "M";
      for (let i = 0; i < g.steps.length; i++) {
        const [lo, hi] = bandAt(g, i, kind);
        if (ok(lo) && ok(hi)) { upper.push(sx(g.steps[i]) + "," + sy(hi)); lower.push(sx(g.steps[i]) + "," + sy(lo)); } else flush();
        if (ok(g.mean[i])) { line.push(pen + sx(g.steps[i]) + "," + sy(g.mean[i])); pen = "L"; } else pen = "M";
      }
      flush();
      if (line.length) el("path", { d: line.join(""), class: "mean", fill: "none", stroke: g.color, "stroke-width": 1.8 }, layer);
      if (line.length === 1) el("circle", { cx: sx(g.steps[0]), cy: sy(g.mean[0]), r: 3, fill: g.color }, layer);
    });

    // hover: the nearest logged step of each configuration, with mean, band and count
    const tip = document.createElement("div"); tip.className = "tooltip"; tip.hidden = true; container.appendChild(tip);
    const cursor = el("line", { y1: m.t, y2: H - m.b, stroke: "#9aa3b2", "stroke-dasharray": "3,3", visibility: "hidden" }, svg);
    svg.addEventListener("mousemove", ev => {
      const box = svg.getBoundingClientRect();
      const px = (ev.clientX - box.left) / box.width * W;
      const x = x0 + (px - m.l) / (W - m.l - m.r) * (x1 - x0);
      tip.textContent = "";
      const rows = [];
      shown.forEach(g => {
        const k = groups.indexOf(g);
        let i = 0;
        if (single) { if (Math.round(x) !== k) return; }
        else { let best = Infinity; g.steps.forEach((s, j) => { if (Math.abs(s - x) < best) { best = Math.abs(s - x); i = j; } }); }
        const [lo, hi] = bandAt(g, i, kind);
        rows.push([g, `${g.label}: ${fmt(g.mean[i])}` + (kind !== "none" ? ` [${fmt(lo)}, ${fmt(hi)}]` : "") + ` n=${g.count[i]} at step ${g.steps[i]}`]);
      });
      if (!rows.length) { tip.hidden = true; cursor.setAttribute("visibility", "hidden"); return; }
      for (const [g, text] of rows) {
        const d = document.createElement("div"); const i = document.createElement("i");
        i.textContent = "■ "; i.style.color = g.color; d.appendChild(i); d.appendChild(document.createTextNode(text)); tip.appendChild(d);
      }
      if (!single) { cursor.setAttribute("x1", sx(x)); cursor.setAttribute("x2", sx(x)); cursor.setAttribute("visibility", "visible"); }
      tip.hidden = false;
      tip.style.left = Math.min(ev.clientX - box.left + 14, box.width - tip.offsetWidth - 4) + "px";
      tip.style.top = (ev.clientY - box.top + 14) + "px";
    });
    svg.addEventListener("mouseleave", () => { tip.hidden = true; cursor.setAttribute("visibility", "hidden"); });

    // legend: click a configuration to hide or show it
    const legend = document.createElement("div"); legend.className = "legend"; container.appendChild(legend);
    groups.forEach(g => {
      const s = document.createElement("span"); const i = document.createElement("i");
      i.style.background = g.color; s.appendChild(i);
      s.appendChild(document.createTextNode(`${g.label} (${g.runs} run${g.runs === 1 ? "" : "s"})`));
      if (hidden.has(g.key)) s.className = "hidden";
      s.addEventListener("click", () => {
        if (hidden.has(g.key)) hidden.delete(g.key); else hidden.add(g.key);
        curves(container, data, Object.assign({}, options, { hidden }));
      });
      legend.appendChild(s);
    });
  }

  // The claimed region (shaded, threshold lines dashed) and the estimate with its 95% interval, on one axis.
  function claim(c) {
    const W = 240, H = 26;
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("class", "claim-overlay");
    const vals = [c.regionLow, c.regionHigh, c.estimate, c.low, c.high].filter(v => v !== null && isFinite(v));
    if (!vals.length) return svg;
    let lo = Math.min(...vals), hi = Math.max(...vals);
    const span = hi - lo || Math.abs(hi) || 1; lo -= span * 0.15; hi += span * 0.15;
    const sx = x => 6 + (x - lo) / (hi - lo) * (W - 12);
    const a = c.regionLow === null ? lo : c.regionLow, b = c.regionHigh === null ? hi : c.regionHigh;
    el("rect", { x: sx(a), y: 3, width: Math.max(1, sx(b) - sx(a)), height: H - 6, fill: "#188038", "fill-opacity": 0.12 }, svg);
    for (const t of [c.regionLow, c.regionHigh]) if (t !== null) {
      el("line", { x1: sx(t), x2: sx(t), y1: 1, y2: H - 1, stroke: "#188038", "stroke-dasharray": "3,2", class: "threshold" }, svg);
    }
    const color = c.verdict === "holds" ? "#116329" : c.verdict === "does not hold" ? "#b3261e" : "#8a5a00";
    if (c.low !== null && c.high !== null) el("line", { x1: sx(c.low), x2: sx(c.high), y1: H / 2, y2: H / 2, stroke: color, "stroke-width": 2 }, svg);
    if (c.estimate !== null) el("circle", { cx: sx(c.estimate), cy: H / 2, r: 3.5, fill: color }, svg);
    return svg;
  }

  window.TdlabChart = { curves, claim, fmt };
})();
