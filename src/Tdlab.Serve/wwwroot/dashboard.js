// tdlab dashboard: polls the server every 2 s; every string from the store goes in as text, never as HTML.
"use strict";
(function () {
  const POLL_MS = 2000;
  const $ = id => document.getElementById(id);
  const fmt = x => window.TdlabChart.fmt(x);
  let overview = null, current = null, detailKey = "", curvesKey = "", lastMetric = "";
  const hiddenGroups = new Set();

  function td(text, cls) {
    const c = document.createElement("td");
    c.textContent = text === null || text === undefined ? "" : String(text);
    if (cls) c.className = cls;
    return c;
  }

  function duration(s) {
    if (s === null || s === undefined) return "–";
    s = Math.round(s);
    if (s < 90) return s + " s";
    if (s < 5400) return Math.round(s / 60) + " min";
    return (s / 3600).toFixed(1) + " h";
  }

  async function getJson(url) {
    const r = await fetch(url, { cache: "no-store" });
    if (!r.ok) throw new Error(await r.text());
    return r.json();
  }

  function selected() { const m = /^#exp=(.+)$/.exec(location.hash); return m ? decodeURIComponent(m[1]) : null; }

  function renderOverview(o) {
    $("store").textContent = o.store;
    const banner = $("banner");
    banner.hidden = o.state === "ok";
    banner.textContent = o.state === "missing" ? "No run store yet: " + o.message
      : o.state === "unreadable" ? "The run store cannot be read: " + o.message : "";
    const body = $("experiments").querySelector("tbody");
    body.textContent = "";
    if (o.state === "ok" && o.experiments.length === 0) {
      const tr = document.createElement("tr"); const c = td("the store has no sweep of a registered experiment yet", "empty");
      c.colSpan = 10; tr.appendChild(c); body.appendChild(tr);
    }
    for (const e of o.experiments) {
      const tr = document.createElement("tr");
      tr.className = "clickable" + (e.name === selected() ? " selected" : "");
      tr.dataset.name = e.name;
      const name = td(""); const a = document.createElement("a"); a.href = "#exp=" + encodeURIComponent(e.name); a.textContent = e.name;
      name.appendChild(a); const t = document.createElement("div"); t.className = "sub"; t.textContent = e.title; name.appendChild(t);
      tr.appendChild(name);
      const name2 = e.analysedRuns < e.stored ? ` (analysis of ${e.analysedRuns} of ${e.stored} runs, updating)` : "";
      if (name2) { const u = document.createElement("div"); u.className = "sub"; u.textContent = "verdicts" + name2; name.appendChild(u); }
      tr.appendChild(td(e.holds, "num " + (e.holds ? "holds" : "zero")));
      tr.appendChild(td(e.doesNotHold, "num " + (e.doesNotHold ? "does-not-hold" : "zero")));
      tr.appendChild(td(e.inconclusive, "num " + (e.inconclusive ? "inconclusive" : "zero")));
      tr.appendChild(td(e.checks ? `${e.checksPassed}/${e.checks}` : "–", "num" + (e.checksPassed < e.checks ? " fails" : "")));
      tr.appendChild(td(`${e.complete + e.diverged + e.failed}/${e.planned}`, "num"));
      tr.appendChild(td(e.diverged, "num"));
      tr.appendChild(td(e.failed, "num" + (e.failed ? " fails" : "")));
      tr.appendChild(td(e.inFlight, "num"));
      tr.appendChild(td(e.etaSeconds !== null ? "≈ " + duration(e.etaSeconds) : e.inFlight ? "estimating" : e.notRun ? e.notRun + " not run" : "done", "num"));
      tr.addEventListener("click", ev => { if (ev.target.tagName !== "A") location.hash = "#exp=" + encodeURIComponent(e.name); });
      body.appendChild(tr);
    }
    $("unregistered").textContent = o.unregistered.length ? "In the store but not registered in this tdlab: " + o.unregistered.join(", ") : "";
    const prog = $("progress"); prog.textContent = "";
    if (o.progress.length) {
      const h = document.createElement("h3"); h.textContent = "Runs being computed"; prog.appendChild(h);
      for (const p of o.progress) {
        const row = document.createElement("div"); row.className = "progress-row" + (p.stale ? " stale" : "");
        row.dataset.run = p.runId;
        const label = document.createElement("code"); label.textContent = `${p.experiment} ${p.runId.slice(0, 12)}`; row.appendChild(label);
        const bar = document.createElement("span"); bar.className = "bar"; const fill = document.createElement("b");
        fill.style.width = (p.total > 0 ? Math.min(100, 100 * p.done / p.total) : 0) + "%"; bar.appendChild(fill); row.appendChild(bar);
        row.appendChild(document.createTextNode(`${p.unit} ${p.done}/${p.total}` +
          (p.stale ? `, no report for ${duration(p.secondsSinceUpdate)} (process stopped?)` : `, eta ${duration(p.etaSeconds)}`)));
        prog.appendChild(row);
      }
    }
  }

  function renderDetail(d) {
    $("detail").hidden = false;
    $("detail-title").textContent = `${d.name}: ${d.title}`;
    $("detail-summary").textContent = `${d.seedReference} — ${d.summary}` +
      (d.analysedRuns < d.stored ? ` (claims and figures from ${d.analysedRuns} of ${d.stored} stored runs; a newer analysis is on its way)` : "");
    const facts = $("facts"); facts.textContent = "";
    for (const [k, v] of d.facts) {
      const dt = document.createElement("dt"); dt.textContent = k; const dd = document.createElement("dd"); dd.textContent = v;
      facts.appendChild(dt); facts.appendChild(dd);
    }
    const claims = $("claims").querySelector("tbody"); claims.textContent = "";
    for (const c of d.claims) {
      const tr = document.createElement("tr"); tr.dataset.claim = c.id;
      const s = td(""); const b = document.createElement("b"); b.textContent = c.id; s.appendChild(b);
      s.appendChild(document.createTextNode(": " + c.statement)); s.title = c.seed + "\nstatistic: " + c.statistic + "\n" + c.rule;
      tr.appendChild(s);
      tr.appendChild(td(c.verdict, c.verdict === "holds" ? "holds" : c.verdict === "does not hold" ? "does-not-hold" : "inconclusive"));
      tr.appendChild(td(c.estimate === null ? "not measured" : `${fmt(c.estimate)} [${fmt(c.low)}, ${fmt(c.high)}]`, "num"));
      tr.appendChild(td(c.n, "num"));
      tr.appendChild(td(c.threshold));
      const o = td(""); o.appendChild(window.TdlabChart.claim(c)); tr.appendChild(o);
      claims.appendChild(tr);
    }
    const checks = $("checks"); checks.textContent = "";
    if (d.checks.length) {
      const p = document.createElement("p"); p.className = "sub";
      p.textContent = "Sanity checks: " + d.checks.map(c => `${c.id} ${c.passes ? "passes" : "FAILS"} (${fmt(c.measured)}, expected ${c.expected})`).join("; ");
      checks.appendChild(p);
    }
    const figs = $("figures"); figs.textContent = "";
    for (const f of d.figures) {
      const fig = document.createElement("figure"); const img = document.createElement("img");
      img.src = `/api/experiments/${encodeURIComponent(d.name)}/figures/${f.index}?v=${encodeURIComponent(detailKey)}`; img.alt = f.caption;
      const cap = document.createElement("figcaption"); cap.textContent = f.caption;
      fig.appendChild(img); fig.appendChild(cap); figs.appendChild(fig);
    }
    if (!d.figures.length) { const p = document.createElement("p"); p.className = "empty"; p.textContent = "no figures"; figs.appendChild(p); }
    const select = $("metric"), keep = select.value;
    if (select.dataset.experiment !== d.name) {
      select.textContent = "";
      for (const m of d.metrics) {
        const o = document.createElement("option"); o.value = m.name; o.textContent = m.name + (m.unit && m.unit !== "1" ? ` (${m.unit})` : "");
        o.title = m.meaning; select.appendChild(o);
      }
      select.dataset.experiment = d.name; hiddenGroups.clear();
    } else if (keep) select.value = keep;
    const notes = $("notes"); notes.textContent = "";
    for (const n of d.notes.concat(d.deviations.map(x => "Deviation: " + x))) {
      const p = document.createElement("p"); p.className = "sub"; p.textContent = n; notes.appendChild(p);
    }
    renderRuns();
  }

  function renderRuns() {
    if (!current) return;
    const status = $("status-filter").value, text = $("text-filter").value.trim().toLowerCase();
    const body = $("runs").querySelector("tbody"); body.textContent = "";
    let shown = 0;
    for (const r of current.runs) {
      if (status && r.status !== status) continue;
      if (text && !(r.group.toLowerCase().includes(text) || r.id.includes(text))) continue;
      shown++;
      const tr = document.createElement("tr"); tr.dataset.run = r.id; tr.dataset.status = r.status;
      const id = td(""); const c = document.createElement("code"); c.textContent = r.id.slice(0, 16); c.title = r.id + "\nseed " + r.seed; id.appendChild(c);
      tr.appendChild(id); tr.appendChild(td(r.group)); tr.appendChild(td(r.replicate, "num"));
      tr.appendChild(td(r.status, "status-" + r.status.replace(" ", "-")));
      tr.appendChild(td(r.seconds === null ? "" : r.seconds.toFixed(2), "num"));
      tr.appendChild(td(r.divergedStep !== null ? `diverged at step ${r.divergedStep}` + (r.message ? "; " + r.message : "") : r.message));
      body.appendChild(tr);
    }
    $("runs-count").textContent = `${shown} of ${current.runs.length} runs`;
  }

  async function renderCurves(force) {
    if (!current) return;
    let metric = $("metric").value;
    const indexed = /^(.*)\{(.*)\}$/.exec(metric);
    $("index-label").hidden = !indexed;
    if (indexed) metric = indexed[1] + Math.max(0, parseInt($("metric-index").value || "0", 10));
    if (!metric) { $("curves").textContent = "this experiment declares no metrics"; return; }
    const key = [current.name, metric, detailKey].join("|");
    const opts = { band: $("band").value, logY: $("logy").checked, hidden: hiddenGroups };
    if (!force && key === curvesKey) return;
    try {
      const data = await getJson(`/api/experiments/${encodeURIComponent(current.name)}/curves?metric=${encodeURIComponent(metric)}`);
      if (metric !== lastMetric) {
        // A metric that spans many decades (a loss with diverged runs) starts on a log scale.
        const ys = data.groups.flatMap(g => g.mean.concat(g.max)).filter(y => y !== null);
        $("logy").checked = ys.length > 0 && Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) > 1e4;
        opts.logY = $("logy").checked; lastMetric = metric;
      }
      curvesKey = key;
      window.TdlabChart.curves($("curves"), data, opts);
    } catch (e) { $("curves").textContent = String(e.message || e); }
  }

  async function refresh() {
    try {
      overview = await getJson("/api/overview");
      $("live").className = "live on"; $("live").textContent = "live, read " + new Date(overview.takenAt).toLocaleTimeString();
      renderOverview(overview);
      const name = selected();
      const summary = overview.experiments.find(e => e.name === name);
      if (!summary) { $("detail").hidden = true; current = null; detailKey = ""; }
      else {
        // The detail is fetched again only when the experiment's runs change.
        const key = [summary.name, summary.complete, summary.diverged, summary.failed, summary.planned, summary.sweepStartedAt, summary.analysedRuns].join("|");
        if (key !== detailKey || !current || current.name !== name) {
          current = await getJson("/api/experiments/" + encodeURIComponent(name));
          detailKey = key; renderDetail(current); await renderCurves(false);
        }
      }
    } catch (e) {
      $("live").className = "live off"; $("live").textContent = "server not answering: " + (e.message || e);
    }
  }

  async function loop() {
    await refresh();
    setTimeout(loop, POLL_MS);
  }

  window.addEventListener("hashchange", () => { detailKey = ""; curvesKey = ""; current = null; refresh(); });
  document.addEventListener("DOMContentLoaded", () => {
    for (const id of ["metric", "band", "logy", "metric-index"]) $(id).addEventListener("change", () => renderCurves(true));
    $("status-filter").addEventListener("change", renderRuns);
    $("text-filter").addEventListener("input", renderRuns);
    loop();
  });
})();
