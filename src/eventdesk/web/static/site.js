/* eventdesk: the site page (threat-to-site summary with a map and a timeline), watchlists and
 * alerts. Plain JavaScript, no libraries; every stored value reaches the page as text or through
 * setAttribute, never parsed as HTML. The chosen site lives in the URL hash, so it can be bookmarked.
 */
"use strict";
(() => {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const FIELDS = ["watchlist", "name", "lat", "lon", "radius_km", "as_of"];
  const $ = (sel) => document.querySelector(sel);
  const state = { world: null, loads: 0 };

  function build(ns, tag, attrs, children) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const el = (tag, attrs, ...children) => build(null, tag, attrs, children);
  const svg = (tag, attrs, ...children) => build(SVG_NS, tag, attrs, children);
  const status = (text) => { $("#status").textContent = text; };
  const loaded = () => { state.loads += 1; document.body.dataset.loads = String(state.loads); };

  async function request(url, options) {
    const res = await fetch(url, Object.assign({ headers: { Accept: "application/json" } }, options || {}));
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
    return body;
  }

  // ------------------------------------------------------------------ the hash holds the site
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#\/?\??/, ""));
    const out = {};
    for (const k of FIELDS) if (params.get(k)) out[k] = params.get(k);
    return out;
  }
  function readForm() {
    const out = {};
    for (const k of FIELDS) {
      const v = $("#site-form").elements[k].value.trim();
      if (v) out[k] = v;
    }
    if (out.watchlist) { delete out.lat; delete out.lon; delete out.name; delete out.radius_km; }
    return out;
  }
  function fillForm(site) {
    for (const k of FIELDS) $("#site-form").elements[k].value = site[k] || (k === "radius_km" ? "50" : "");
  }

  // ------------------------------------------------------------------ summary
  const changeText = (n) => n > 0 ? `+${n}` : String(n);
  function counted(obj) {
    return Object.entries(obj || {}).map(([k, v]) => `${k} ${v}`).join(", ") || "–";
  }
  function cell(now, change) {
    const td = el("td", { class: "num" }, String(now), " ");
    td.append(el("span", { class: change > 0 ? "up" : change < 0 ? "down" : "", title: "against the period before" },
                 `(${changeText(change)})`));
    return td;
  }
  function renderPeriods(summary) {
    const rows = summary.periods.map((p) => {
      const tr = el("tr", { "data-days": p.days },
        el("th", { scope: "row" }, `Last ${p.days} days`));
      tr.append(cell(p.incidents, p.change.incidents), cell(p.threats, p.change.threats),
                cell(p.fatalities, p.change.fatalities), el("td", {}, counted(p.by_type)), el("td", {}, counted(p.by_actor)));
      return tr;
    });
    $("#periods tbody").replaceChildren(...rows);
    const s = summary.site;
    $("#sum-note").textContent = `${s.name}: within ${s.radius_km} km of ${s.latitude}, ${s.longitude}, ` +
      `as of ${summary.as_of}` + (s.watchlist ? ` (watchlist ${s.watchlist})` : "");
  }

  const project = (lon, lat) => [lon + 180, 90 - lat];
  function drawLand() {
    const parts = [];
    for (const c of state.world.countries) {
      let d = "";
      for (const ring of c.rings) {
        for (let i = 0; i < ring.length; i += 2) {
          const [x, y] = project(ring[i], ring[i + 1]);
          d += (i ? "L" : "M") + x.toFixed(2) + " " + y.toFixed(2);
        }
        d += "Z";
      }
      parts.push(svg("path", { d }, svg("title", {}, c.name)));
    }
    $("#s-land").replaceChildren(...parts);
  }
  function renderMap(summary) {
    const s = summary.site;
    const [cx, cy] = project(s.longitude, s.latitude);
    const ry = s.radius_km / 111.2;
    const rx = ry / Math.max(Math.cos(s.latitude * Math.PI / 180), 0.05);
    const pad = Math.max(rx, ry) * 1.5;
    $("#site-map").setAttribute("viewBox", `${(cx - pad * 2).toFixed(3)} ${(cy - pad).toFixed(3)} ${(pad * 4).toFixed(3)} ${(pad * 2).toFixed(3)}`);
    $("#s-ring").replaceChildren(
      svg("ellipse", { class: "ring", cx, cy, rx, ry }),
      svg("circle", { class: "home", cx, cy, r: pad / 40 }, svg("title", {}, s.name)));
    const points = summary.events.filter((e) => typeof e.latitude === "number").map((e) => {
      const [x, y] = project(e.longitude, e.latitude);
      const r = pad / 50 * (1 + Math.sqrt(e.fatalities || 0) / 2);
      return svg("a", { class: `pt ${e.kind}`, href: `/#/event/${encodeURIComponent(e.id)}`, "data-id": e.id },
        svg("circle", { cx: x, cy: y, r }),
        svg("title", {}, `${e.event_date || "?"} ${e.sub_event_type || e.event_type || e.kind}: ${e.location || ""}`));
    });
    $("#s-points").replaceChildren(...points);
  }
  function renderTimeline(summary) {
    const end = new Date(summary.as_of + "T00:00:00Z");
    const days = 90, width = 900 / days;
    const counts = new Map();
    for (const e of summary.events) {
      if (!e.event_date) continue;
      const age = Math.round((end - new Date(e.event_date.slice(0, 10) + "T00:00:00Z")) / 86400000);
      if (age < 0 || age >= days) continue;
      const key = `${age}|${e.kind}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const most = Math.max(1, ...counts.values());
    const bars = [];
    for (const [key, n] of counts) {
      const [age, kind] = key.split("|");
      const h = 130 * n / most;
      const x = (days - 1 - Number(age)) * width;
      const day = new Date(end - Number(age) * 86400000).toISOString().slice(0, 10);
      bars.push(svg("g", { class: `day ${kind}`, "data-day": day, "data-count": n },
        svg("rect", { x: x + (kind === "threat" ? width / 2 : 0), y: 140 - h, width: width / 2, height: h }),
        svg("title", {}, `${day}: ${n} ${kind}${n > 1 ? "s" : ""}`)));
    }
    $("#site-timeline").replaceChildren(svg("line", { x1: 0, x2: 900, y1: 140, y2: 140, stroke: "#9aa5b1" }), ...bars);
  }
  function renderEvents(summary) {
    const rows = summary.events.map((e) => el("tr", { "data-id": e.id },
      el("td", {}, (e.event_date || "?").slice(0, 10)),
      el("td", {}, el("a", { href: `/#/event/${encodeURIComponent(e.id)}` }, e.sub_event_type || e.event_type || e.kind)),
      el("td", {}, [e.location, e.admin1, e.country].filter(Boolean).join(", ")),
      el("td", { class: "num" }, String(e.distance_km)),
      el("td", { class: "num" }, e.fatalities === null || e.fatalities === undefined ? "" : String(e.fatalities))));
    $("#site-events tbody").replaceChildren(...rows);
  }

  async function showSite() {
    const site = readHash();
    fillForm(site);
    if (!site.watchlist && !(site.lat && site.lon)) return;
    const summary = await request("/api/site?" + new URLSearchParams(site));
    renderPeriods(summary);
    if (state.world) renderMap(summary);
    renderTimeline(summary);
    renderEvents(summary);
  }

  // ------------------------------------------------------------------ watchlists and alerts
  async function showWatchlists() {
    const { watchlists } = await request("/api/watchlists");
    const select = $("#s-watchlist");
    const chosen = readHash().watchlist || "";
    select.replaceChildren(el("option", { value: "" }, "None: a point below"),
      ...watchlists.map((w) => el("option", { value: w.name, selected: w.name === chosen }, w.name)));
    $("#watchlists").replaceChildren(...watchlists.map((w) => {
      const del = el("button", { type: "button", class: "delete", "data-name": w.name, "aria-label": `Delete watchlist ${w.name}` }, "Delete");
      del.addEventListener("click", () => removeWatchlist(w.name));
      const feed = el("a", { href: `/alerts.atom?watchlist=${encodeURIComponent(w.name)}` }, "Atom");
      return el("li", { "data-name": w.name }, el("strong", {}, w.name), `: ${w.description} `, feed, del);
    }));
    if (!watchlists.length) $("#watchlists").append(el("li", {}, "No watchlist yet."));
  }
  async function showAlerts() {
    const { alerts } = await request("/api/alerts?limit=100");
    $("#alerts").replaceChildren(...alerts.map((a) => el("li", { "data-seq": a.seq, "data-event": a.event_id },
      el("span", { class: "note" }, `${a.created || ""} [${a.watchlist}] `),
      el("a", { href: `/#/event/${encodeURIComponent(a.event_id)}` }, a.summary))));
    if (!alerts.length) $("#alerts").append(el("li", {}, "No alert yet."));
  }
  const write = { "Content-Type": "application/json", Accept: "application/json" };
  async function addWatchlist(form) {
    const body = {};
    for (const k of ["name", "country", "near", "radius_km", "kind", "words"]) {
      const v = form.elements[k].value.trim();
      if (v) body[k] = v;
    }
    try {
      await request("/api/watchlists", { method: "POST", headers: write, body: JSON.stringify(body) });
      $("#wl-error").textContent = "";
      form.reset();
    } catch (err) {
      $("#wl-error").textContent = `Not saved: ${err.message}`;
    }
    await refresh();
  }
  async function removeWatchlist(name) {
    await request(`/api/watchlists/${encodeURIComponent(name)}`, { method: "DELETE", headers: write });
    await refresh();
  }

  async function refresh() {
    try {
      await Promise.all([showWatchlists(), showAlerts(), showSite()]);
      status("Ready");
    } catch (err) {
      status(`Error: ${err.message}`);
    }
    loaded();
  }

  async function start() {
    try { state.world = await request("/static/world.json"); drawLand(); } catch (err) { status("Map outlines not loaded"); }
    $("#site-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      location.hash = "#/?" + new URLSearchParams(readForm());
    });
    $("#wl-form").addEventListener("submit", (ev) => { ev.preventDefault(); addWatchlist(ev.target); });
    window.addEventListener("hashchange", refresh);
    await refresh();
  }
  start();
})();
