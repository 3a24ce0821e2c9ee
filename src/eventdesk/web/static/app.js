/* eventdesk dashboard: map, timeline, filters, event page. Plain JavaScript, no libraries.
 *
 * Safety: every value from the store reaches the page as a text node or an attribute set with
 * setAttribute; nothing is ever parsed as HTML. State lives in the URL hash
 * (#/?country=...&since=... for the dashboard, #/event/ID for an event), so views can be
 * bookmarked and the browser's Back button works.
 */
"use strict";
(() => {
  const FILTERS = ["q", "kind", "country", "admin1", "type", "actor", "since", "until"];
  const SVG_NS = "http://www.w3.org/2000/svg";
  const TYPE_CLASS = {
    "Battles": "t-battles", "Explosions/Remote violence": "t-explosions",
    "Violence against civilians": "t-civilians", "Protests": "t-protests", "Riots": "t-riots",
    "Strategic developments": "t-strategic",
  };
  const LEGEND = [...Object.entries(TYPE_CLASS), ["Threat, plot or warning", "t-threat"], ["Type unknown", "t-unknown"]];
  // The table reads one page at a time from the server; the map reads pages (next_offset) up to
  // MAP_MAX events; the timeline and the counts come from /api/timeline, which covers them all.
  const PAGE_ROWS = 50;
  const MAP_MAX = 2000;
  const $ = (sel) => document.querySelector(sel);
  const state = { token: 0, facets: null, world: null, countryPaths: new Map(), filters: {}, events: [],
                  mapTruncated: false, baseDays: [], undated: 0, total: 0, table: { offset: 0, next: null },
                  view: { x: 0, y: 0, w: 360, h: 180 }, loads: 0, lastDash: "#/", notice: null };

  // ------------------------------------------------------------------ DOM helpers
  function build(ns, tag, attrs, children) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const el = (tag, attrs, ...children) => build(null, tag, attrs, children);
  const svg = (tag, attrs, ...children) => build(SVG_NS, tag, attrs, children);
  const typeClass = (ev) => ev.kind === "threat" ? "t-threat" : (TYPE_CLASS[ev.event_type] || "t-unknown");
  const place = (ev) => [ev.location, ev.admin1, ev.country].filter((x, i, a) => x && a.indexOf(x) === i).join(", ");
  const typeName = (ev) => ev.sub_event_type || ev.event_type || (ev.kind === "threat" ? "Threat" : "Event");

  function status(text) { $("#status").textContent = text; }
  // "1 threat", "2 threats", "0 threats"; numbers grouped for reading ("12,345").
  const plural = (n, one, many) => `${Number(n).toLocaleString("en")} ${n === 1 ? one : (many || one + "s")}`;

  async function getJSON(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
    return body;
  }

  function dateText(ev) {
    if (!ev.event_date) return "undated";
    const d = ev.event_date;
    switch (ev.date_precision) {
      case "year": return d.slice(0, 4);
      case "month": return d.slice(0, 7);
      case "week": return `week of ${d}`;
      default: return d;
    }
  }

  function killedText(ev) {
    if (ev.fatalities === null || ev.fatalities === undefined) return "";
    const lo = ev.fatalities_low, hi = ev.fatalities_high;
    return (lo !== null && hi !== null && lo !== undefined && hi !== undefined && lo !== hi)
      ? `${ev.fatalities} (${lo}–${hi})` : String(ev.fatalities);
  }

  // ------------------------------------------------------------------ routing
  function parseHash() {
    const h = location.hash.replace(/^#/, "") || "/";
    if (h.startsWith("/event/")) return { page: "event", id: decodeURIComponent(h.slice(7)) };
    const at = h.indexOf("?");
    const params = new URLSearchParams(at >= 0 ? h.slice(at + 1) : "");
    const filters = {};
    for (const k of FILTERS) { const v = params.get(k); if (v) filters[k] = v; }
    return { page: "dashboard", filters };
  }

  function dashHash(filters) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (filters[k]) p.set(k, filters[k]);
    const s = p.toString();
    return "#/" + (s ? "?" + s : "");
  }

  function setFilters(filters) {
    const target = dashHash(filters);
    if (location.hash === target || (!location.hash && target === "#/")) route();
    else location.hash = target;
  }

  function route() {
    const r = parseHash();
    if (r.page === "event") showEvent(r.id);
    else showDashboard(r.filters);
  }

  function apiQuery(filters) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (filters[k]) p.set(k, filters[k]);
    return p.toString();
  }

  // ------------------------------------------------------------------ dashboard
  async function loadStatic() {
    if (!state.facets) state.facets = await getJSON("/api/facets");
    if (!state.world) {
      try { state.world = await getJSON("/static/world.json"); drawLand(); }
      catch (e) { state.world = { countries: [] }; }
    }
  }

  async function showDashboard(filters) {
    const token = ++state.token;
    $("#event-page").hidden = true;
    $("#dashboard").hidden = false;
    state.filters = filters;
    state.lastDash = dashHash(filters);
    status("Loading…");
    try {
      await loadStatic();
      fillForm(filters);
      const dated = filters.since || filters.until;
      const [counts, base, mapped, page] = await Promise.all([
        getJSON("/api/timeline?" + apiQuery(filters)),
        dated ? getJSON("/api/timeline?" + apiQuery({ ...filters, since: "", until: "" })) : null,
        mapEvents(filters),
        getJSON(`/api/events?${apiQuery(filters)}&limit=${PAGE_ROWS}`),
      ]);
      if (token !== state.token) return;
      state.events = mapped.events;
      state.mapTruncated = mapped.truncated;
      state.total = counts.total;
      state.baseDays = (base || counts).days;
      state.undated = (base || counts).undated;
      state.table = { offset: 0, next: page.next_offset };
      fitView(false);
      renderMap();
      renderTimeline();
      renderTable(page.events);
      const threats = counts.kinds.threat || 0;
      status(`${plural(counts.total, "record")}: ${plural(counts.total - threats, "event")}, ` +
             `${plural(threats, "threat")}` + (Object.keys(filters).length ? " (filtered)" : ""));
      document.body.dataset.view = "dashboard";
      document.body.dataset.loads = String(++state.loads);
    } catch (e) {
      if (token === state.token) status("Could not load events: " + e.message);
    }
  }

  // The map's events: pages of /api/events followed by next_offset, up to MAP_MAX.
  async function mapEvents(filters) {
    const events = [];
    let offset = 0;
    while (offset !== null && events.length < MAP_MAX) {
      const res = await getJSON(`/api/events?${apiQuery(filters)}&offset=${offset}`);
      events.push(...res.events);
      offset = res.next_offset;
    }
    return { events: events.slice(0, MAP_MAX), truncated: offset !== null || events.length > MAP_MAX };
  }

  function option(value, label, selected) {
    const o = el("option", { value }, label);
    if (selected) o.selected = true;
    return o;
  }

  function fillForm(f) {
    const facets = state.facets;
    const form = $("#filters");
    form.elements.q.value = f.q || "";
    form.elements.actor.value = f.actor || "";
    form.elements.since.value = f.since || "";
    form.elements.until.value = f.until || "";
    form.elements.kind.value = f.kind || "";

    const country = $("#f-country");
    country.replaceChildren(option("", "Any country", !f.country));
    let known = false;
    for (const c of facets.countries) {
      known = known || c.value === f.country;
      country.append(option(c.value, `${c.value} (${c.count})`, c.value === f.country));
    }
    if (f.country && !known) country.append(option(f.country, f.country, true));

    const admin1 = $("#f-admin1");
    admin1.replaceChildren(option("", "Any region", !f.admin1));
    known = false;
    for (const a of facets.admin1) {
      if (f.country && a.country !== f.country) continue;
      known = known || a.value === f.admin1;
      const label = f.country ? `${a.value} (${a.count})` : `${a.value}, ${a.country} (${a.count})`;
      admin1.append(option(a.value, label, a.value === f.admin1));
    }
    if (f.admin1 && !known) admin1.append(option(f.admin1, f.admin1, true));

    const type = $("#f-type");
    type.replaceChildren(option("", "Any type", !f.type));
    known = false;
    for (const t of facets.types) {
      const group = el("optgroup", { label: t.value });
      group.append(option(t.value, `All ${t.value} (${t.count})`, t.value === f.type));
      known = known || t.value === f.type;
      for (const s of t.sub_types) {
        group.append(option(s.value, `${s.value} (${s.count})`, s.value === f.type && t.value !== f.type));
        known = known || s.value === f.type;
      }
      type.append(group);
    }
    if (f.type && !known) type.append(option(f.type, f.type, true));

    const actors = $("#actor-list");
    actors.replaceChildren(...facets.actors.map((a) => el("option", { value: a.value }, plural(a.count, "event"))));
  }

  function readForm() {
    const form = $("#filters");
    const f = {};
    for (const k of FILTERS) {
      const v = (form.elements[k].value || "").trim();
      if (v) f[k] = v;
    }
    return f;
  }

  // ------------------------------------------------------------------ map
  const project = (lon, lat) => [lon + 180, 90 - lat];

  function drawLand() {
    const land = $("#map-land");
    land.setAttribute("class", "land");
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
      const path = svg("path", { d, "data-name": c.name }, svg("title", {}, c.name));
      parts.push(path);
      for (const n of c.names || [c.name]) state.countryPaths.set(n.toLowerCase(), { path, country: c });
    }
    land.replaceChildren(...parts);
  }

  function located(events) {
    return events.filter((e) => typeof e.latitude === "number" && typeof e.longitude === "number");
  }

  function fitView(world) {
    const pts = world ? [] : located(state.events);
    if (!pts.length) { setView({ x: 0, y: 0, w: 360, h: 180 }); return; }
    const xs = pts.map((e) => e.longitude + 180), ys = pts.map((e) => 90 - e.latitude);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const w = Math.min(360, Math.max(24, (maxX - minX) * 1.5, (maxY - minY) * 2 * 1.5));
    setView({ x: (minX + maxX) / 2 - w / 2, y: (minY + maxY) / 2 - w / 4, w, h: w / 2 });
  }

  function setView(v) {
    const w = Math.min(360, Math.max(2, v.w)), h = w / 2;
    const cx = v.x + v.w / 2, cy = v.y + v.h / 2;
    let x = cx - w / 2, y = cy - h / 2;
    x = Math.min(Math.max(x, -w / 2), 360 - w / 2);
    y = Math.min(Math.max(y, -h / 2), 180 - h / 2);
    state.view = { x, y, w, h };
    $("#map").setAttribute("viewBox", `${x.toFixed(3)} ${y.toFixed(3)} ${w.toFixed(3)} ${h.toFixed(3)}`);
  }

  function unitsPerPixel() {
    const width = $("#map").getBoundingClientRect().width || 900;
    return state.view.w / width;
  }

  function renderGrid(upp) {
    const step = state.view.w > 180 ? 30 : state.view.w > 60 ? 10 : state.view.w > 15 ? 5 : 1;
    let d = "";
    for (let lon = -180; lon <= 180; lon += step) d += `M${lon + 180} 0V180`;
    for (let lat = -90; lat <= 90; lat += step) d += `M0 ${90 - lat}H360`;
    const grid = $("#map-grid");
    grid.setAttribute("class", "grid");
    grid.replaceChildren(svg("path", { d }));
  }

  function renderMap() {
    const upp = unitsPerPixel();
    renderGrid(upp);
    for (const p of state.countryPaths.values()) p.path.removeAttribute("class");
    const byCountry = new Map();
    for (const e of state.events) {
      const entry = e.country && state.countryPaths.get(e.country.toLowerCase());
      if (!entry) continue;
      entry.path.setAttribute("class", "has-events");
      byCountry.set(entry.country, (byCountry.get(entry.country) || 0) + 1);
    }
    // Labels: the countries with the most events, and places when zoomed in.
    const labels = [];
    const named = [...byCountry.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([c]) => c);
    for (const c of named) {
      const [x, y] = project(c.label[0], c.label[1]);
      labels.push({ x, y, text: c.name, size: 12 });
    }
    const pts = located(state.events).sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
    if (state.view.w <= 40) {
      const places = new Map();
      for (const e of pts) if (e.location && !places.has(e.location)) places.set(e.location, e);
      for (const e of [...places.values()].slice(0, 20)) {
        const [x, y] = project(e.longitude, e.latitude);
        labels.push({ x, y, text: e.location, size: 11 });
      }
    }

    // Events at the same spot fan out on a small spiral so each stays clickable.
    const seen = new Map();
    const circles = [];
    const nodes = pts.map((e) => {
      const key = e.latitude.toFixed(3) + "," + e.longitude.toFixed(3);
      const i = seen.get(key) || 0;
      seen.set(key, i + 1);
      let [x, y] = project(e.longitude, e.latitude);
      if (i) { const a = i * 2.4, r = (5 + 3 * Math.sqrt(i)) * upp; x += Math.cos(a) * r; y += Math.sin(a) * r; }
      const rpx = Math.min(28, 4 + 2.2 * Math.sqrt(Math.max(0, e.fatalities || 0)));
      circles.push({ x0: x - rpx * upp, y0: y - rpx * upp, x1: x + rpx * upp, y1: y + rpx * upp });
      const label = `${typeName(e)}, ${place(e) || "place unknown"}, ${dateText(e)}` +
                    (e.fatalities !== null && e.fatalities !== undefined ? `, ${e.fatalities} killed` : "");
      return svg("a", { href: "#/event/" + encodeURIComponent(e.id), class: `pt ${typeClass(e)}${e.kind === "threat" ? " threat" : ""}`,
                        "aria-label": label, "data-id": e.id },
                 svg("circle", { cx: x.toFixed(4), cy: y.toFixed(4), r: (rpx * upp).toFixed(4) }),
                 svg("title", {}, label));
    });
    $("#map-points").replaceChildren(...nodes);
    placeLabels(labels, circles, upp);
    const missing = state.events.length - pts.length;
    $("#map-note").textContent = `${pts.length.toLocaleString("en")} on the map (circle area grows with fatalities)` +
      (state.mapTruncated ? `: the first ${plural(state.events.length, "event")} of ${state.total.toLocaleString("en")} ` +
                            "(narrow the filters to map the rest)" : "") +
      (missing ? `; ${missing} without coordinates ${missing === 1 ? "is" : "are"} listed below.` : ".");
  }

  // Centre offsets (in label sizes) tried in turn: on the spot, then ever further around it.
  const LABEL_STEPS = [[0, 0]];
  for (const k of [1, 2, 3, 4]) {
    for (const [ax, ay] of [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]]) LABEL_STEPS.push([ax * k, ay * k]);
  }

  // Each label goes where its box (measured, in map units) meets no circle and no label placed
  // before it, inside the view; one that fits nowhere is left out, so no label hides a point and
  // no point hides a label.
  function placeLabels(specs, circles, upp) {
    const group = $("#map-labels");
    group.replaceChildren();
    const taken = circles.slice();
    const v = state.view, pad = 2 * upp;
    const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    for (const spec of specs) {
      const t = svg("text", { class: "label", "font-size": (spec.size * upp).toFixed(3), "text-anchor": "middle",
                              "stroke-width": (3 * upp).toFixed(3), x: spec.x, y: spec.y }, spec.text);
      group.append(t);
      const size = t.getBBox();
      let placed = false;
      for (const [sx, sy] of LABEL_STEPS) {
        const x = spec.x + sx * (size.width / 2 + 6 * upp), y = spec.y + sy * (size.height / 2 + 6 * upp);
        t.setAttribute("x", x.toFixed(3));
        t.setAttribute("y", y.toFixed(3));
        const b = t.getBBox();
        const box = { x0: b.x - pad, y0: b.y - pad, x1: b.x + b.width + pad, y1: b.y + b.height + pad };
        if (box.x0 < v.x || box.y0 < v.y || box.x1 > v.x + v.w || box.y1 > v.y + v.h) continue;
        if (taken.some((o) => overlaps(box, o))) continue;
        taken.push(box);
        placed = true;
        break;
      }
      if (!placed) t.remove();
    }
  }

  function renderLegend() {
    $("#legend").replaceChildren(...LEGEND.map(([name, cls]) =>
      el("li", {}, el("span", { class: `sw ${cls}`, "aria-hidden": "true" }), name)));
  }

  function zoom(factor) {
    const v = state.view;
    setView({ x: v.x + v.w / 2 - v.w * factor / 2, y: v.y + v.h / 2 - v.h * factor / 2, w: v.w * factor, h: v.h * factor });
    renderMap();
  }

  function pan(dx, dy) {
    const v = state.view;
    setView({ ...v, x: v.x + dx, y: v.y + dy });
    renderMap();
  }

  function wireMap() {
    const map = $("#map");
    $("#zoom-in").addEventListener("click", () => zoom(1 / 1.6));
    $("#zoom-out").addEventListener("click", () => zoom(1.6));
    $("#zoom-fit").addEventListener("click", () => { fitView(false); renderMap(); });
    $("#zoom-world").addEventListener("click", () => { fitView(true); renderMap(); });
    let drag = null;
    map.addEventListener("pointerdown", (ev) => {
      if (ev.target.closest(".pt") || ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, view: { ...state.view } };
      map.setPointerCapture(ev.pointerId);
    });
    map.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const upp = unitsPerPixel();
      setView({ ...drag.view, x: drag.view.x - (ev.clientX - drag.x) * upp, y: drag.view.y - (ev.clientY - drag.y) * upp });
    });
    const end = () => { if (drag) { drag = null; renderMap(); } };
    map.addEventListener("pointerup", end);
    map.addEventListener("pointercancel", end);
    map.addEventListener("wheel", (ev) => { ev.preventDefault(); zoom(ev.deltaY > 0 ? 1.25 : 0.8); }, { passive: false });
    window.addEventListener("resize", () => { if (!$("#dashboard").hidden) renderMap(); });
  }

  // ------------------------------------------------------------------ timeline
  const DAY = 86400000;
  const toTime = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const toIso = (t) => new Date(t).toISOString().slice(0, 10);

  function bucketing(minIso, maxIso) {
    const span = (toTime(maxIso) - toTime(minIso)) / DAY;
    if (span <= 92) return { unit: "day", start: (iso) => iso, next: (iso) => toIso(toTime(iso) + DAY),
                             end: (iso) => iso, label: (iso) => iso };
    if (span <= 3 * 366) {
      const monday = (iso) => { const t = toTime(iso); return toIso(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY); };
      return { unit: "week", start: monday, next: (iso) => toIso(toTime(iso) + 7 * DAY),
               end: (iso) => toIso(toTime(iso) + 6 * DAY), label: (iso) => `week of ${iso}` };
    }
    const first = (iso) => iso.slice(0, 7) + "-01";
    const nextMonth = (iso) => { const d = new Date(toTime(first(iso))); d.setUTCMonth(d.getUTCMonth() + 1); return toIso(d.getTime()); };
    return { unit: "month", start: first, next: nextMonth, end: (iso) => toIso(toTime(nextMonth(iso)) - DAY),
             label: (iso) => iso.slice(0, 7) };
  }

  // The part of the dates the chart spans: where the events are. The 2nd to 98th percentile of
  // the events' days, widened by a quarter of that span either side to take in their near
  // neighbours; events beyond (a stray background date decades off) are counted at the edges
  // instead of stretching the axis. Returns [first, last] ISO days.
  function coreRange(days) {
    const total = days.reduce((n, [, c]) => n + c, 0);
    const dayAtRank = (rank) => { let seen = 0; for (const [d, c] of days) { seen += c; if (seen > rank) return d; } return days[days.length - 1][0]; };
    const lo = toTime(dayAtRank(Math.floor(0.02 * (total - 1)))), hi = toTime(dayAtRank(Math.ceil(0.98 * (total - 1))));
    const reach = Math.max(hi - lo, 7 * DAY) / 4;
    const kept = days.map(([d]) => d).filter((d) => toTime(d) >= lo - reach && toTime(d) <= hi + reach);
    return [kept[0], kept[kept.length - 1]];
  }

  function renderTimeline() {
    const box = $("#timeline");
    const days = state.baseDays;
    const undated = state.undated;
    const f = state.filters;
    const ticks = $("#tl-ticks");
    const edges = { before: $("#tl-before"), after: $("#tl-after") };
    edges.before.hidden = edges.after.hidden = true;
    if (!days.length) {
      box.replaceChildren();
      ticks.replaceChildren();
      $("#tl-note").textContent = undated ? `${plural(undated, "undated event")}: nothing to chart.` : "No events.";
      return;
    }
    let [first, last] = coreRange(days);
    // With a date filter the chart zooms to the chosen range plus half its length either side,
    // so a month can be narrowed to days and the range still widened.
    if (f.since || f.until) {
      const lo = toTime(f.since || first), hi = toTime(f.until || last);
      const pad = Math.max((hi - lo) / 2, 3 * DAY);
      const all = [days[0][0], days[days.length - 1][0]];
      let from = toIso(Math.max(toTime(all[0]), lo - pad)), to = toIso(Math.min(toTime(all[1]), hi + pad));
      if (from > to) { from = toIso(lo); to = toIso(Math.max(lo, hi)); }
      first = from;
      last = to;
    }
    const b = bucketing(first, last);
    const counts = new Map();
    const before = [], after = [];
    for (const [d, n] of days) {
      if (d < first) before.push([d, n]);
      else if (d > last) after.push([d, n]);
      else { const k = b.start(d); counts.set(k, (counts.get(k) || 0) + n); }
    }
    const keys = [];
    for (let k = b.start(first); k <= last && keys.length < 2000; k = b.next(k)) keys.push(k);
    const max = Math.max(1, ...counts.values());
    const W = 1000, H = 150, top = 8, bottom = 140;
    const bw = W / keys.length, gap = Math.min(2, bw * 0.2);
    const inRange = (k) => (!f.since || b.end(k) >= f.since) && (!f.until || k <= f.until);
    const bars = keys.map((k, i) => {
      const n = counts.get(k) || 0;
      const h = n ? Math.max(3, (bottom - top) * n / max) : 0;
      const label = `${b.label(k)}: ${plural(n, "event")}`;
      return svg("g", { class: "bar" + (inRange(k) ? " in" : ""), tabindex: n ? "0" : null, role: n ? "button" : null,
                        "aria-label": n ? label + ". Press Enter to show only these dates." : null,
                        "data-start": k, "data-end": b.end(k), "data-count": n },
                 svg("rect", { class: "hit", x: i * bw, y: 0, width: bw, height: H }),
                 svg("rect", { class: "val", x: i * bw + gap / 2, y: bottom - h, width: Math.max(0.5, bw - gap), height: h }),
                 svg("title", {}, label));
    });
    box.replaceChildren(svg("g", { class: "axis" }, svg("line", { x1: 0, x2: W, y1: bottom + 0.5, y2: bottom + 0.5 })), ...bars);
    const tickEvery = Math.max(1, Math.ceil(keys.length / 6));
    ticks.replaceChildren(...keys.filter((_, i) => i % tickEvery === 0).map((k) =>
      el("span", { "data-left": ((keys.indexOf(k) + 0.5) / keys.length * 100).toFixed(2) }, b.label(k).replace("week of ", ""))));
    for (const t of ticks.children) t.style.left = t.dataset.left + "%";
    showEdge(edges.before, before, "earlier", "◀");
    showEdge(edges.after, after, "later", "▶");
    const outside = before.concat(after).reduce((n, [, c]) => n + c, 0);
    $("#tl-note").textContent = `Events per ${b.unit}` +
      (outside ? `; ${plural(outside, "event")} outside these dates ${outside === 1 ? "is" : "are"} counted at the edges` : "") +
      (undated ? `; ${plural(undated, "undated event")} not charted` : "") +
      ". Click a bar, or drag across bars, to show only those dates.";
  }

  // An edge marker: how many events lie beyond the axis on that side, and when; a click shows them.
  function showEdge(button, days, word, arrow) {
    if (!days.length) return;
    const n = days.reduce((m, [, c]) => m + c, 0);
    const from = days[0][0], to = days[days.length - 1][0];
    const when = from === to ? from : `${from} – ${to}`;
    button.hidden = false;
    button.dataset.start = from;
    button.dataset.end = to;
    button.dataset.count = String(n);
    button.setAttribute("aria-label", `${plural(n, "event")} ${word}, ${when}: show only ${n === 1 ? "it" : "them"}`);
    button.replaceChildren(el("span", { class: "n" }, `${arrow} ${n.toLocaleString("en")} ${word}`),
                           el("span", { class: "when" }, when));
  }

  function wireTimeline() {
    const box = $("#timeline");
    let brush = null;
    const xAt = (ev) => { const r = box.getBoundingClientRect(); return (ev.clientX - r.left) / r.width * 1000; };
    const barAt = (x) => {
      const bars = [...box.querySelectorAll(".bar")];
      if (!bars.length) return null;
      const i = Math.min(bars.length - 1, Math.max(0, Math.floor(x / (1000 / bars.length))));
      return bars[i];
    };
    box.addEventListener("pointerdown", (ev) => {
      if (ev.button !== 0) return;
      brush = { x0: xAt(ev), rect: svg("rect", { class: "brush", x: xAt(ev), y: 0, width: 0, height: 150 }) };
      box.append(brush.rect);
      box.setPointerCapture(ev.pointerId);
    });
    box.addEventListener("pointermove", (ev) => {
      if (!brush) return;
      const x = xAt(ev);
      brush.rect.setAttribute("x", Math.min(x, brush.x0));
      brush.rect.setAttribute("width", Math.abs(x - brush.x0));
    });
    box.addEventListener("pointerup", (ev) => {
      if (!brush) return;
      const x1 = xAt(ev), x0 = brush.x0;
      brush.rect.remove();
      brush = null;
      const a = barAt(Math.min(x0, x1)), b = barAt(Math.max(x0, x1));
      if (!a || !b) return;
      if (a === b && !+a.dataset.count) return;
      setFilters({ ...state.filters, since: a.dataset.start, until: b.dataset.end });
    });
    box.addEventListener("keydown", (ev) => {
      const bar = ev.target.closest && ev.target.closest(".bar");
      if (!bar || (ev.key !== "Enter" && ev.key !== " ")) return;
      ev.preventDefault();
      setFilters({ ...state.filters, since: bar.dataset.start, until: bar.dataset.end });
    });
    $("#clear-dates").addEventListener("click", () => setFilters({ ...state.filters, since: "", until: "" }));
    for (const id of ["#tl-before", "#tl-after"]) {
      $(id).addEventListener("click", (ev) => {
        const d = ev.currentTarget.dataset;
        setFilters({ ...state.filters, since: d.start, until: d.end });
      });
    }
  }

  // ------------------------------------------------------------------ table
  function renderTable(events) {
    const rows = events.map((e) => el("tr", { "data-id": e.id },
      el("td", {}, dateText(e)),
      el("td", {}, el("span", { class: `sw-inline ${typeClass(e)}`, "aria-hidden": "true" }),
         el("a", { href: "#/event/" + encodeURIComponent(e.id) }, typeName(e)),
         e.kind === "threat" ? el("span", { class: "badge" }, "threat") : null),
      el("td", {}, place(e)),
      el("td", {}, [e.actor1, e.actor2].filter(Boolean).join(" vs ")),
      el("td", { class: "num" }, killedText(e)),
      el("td", { class: "num" }, e.sources)));
    $("#event-table tbody").replaceChildren(...rows);
    const { offset, next } = state.table;
    const pager = $("#pager");
    pager.hidden = !events.length || (offset === 0 && next === null);
    $("#page-prev").disabled = offset === 0;
    $("#page-next").disabled = next === null;
    $("#page-info").textContent = events.length
      ? `${plural(state.total, "record")}: ${(offset + 1).toLocaleString("en")}–${(offset + events.length).toLocaleString("en")} shown`
      : "";
    $("#list-note").textContent = !events.length ? "No event matches these filters." : "";
  }

  // Another page of the table, read from the server; the map and timeline stay as they are.
  async function turnPage(offset) {
    const token = state.token;
    const page = await getJSON(`/api/events?${apiQuery(state.filters)}&limit=${PAGE_ROWS}&offset=${Math.max(0, offset)}`);
    if (token !== state.token) return;
    state.table = { offset: page.offset, next: page.next_offset };
    renderTable(page.events);
    const head = $("#list-h");
    if (head.getBoundingClientRect().top < 0) head.scrollIntoView({ block: "start" });
    document.body.dataset.pages = String(Number(document.body.dataset.pages || 0) + 1);
  }

  function wireTable() {
    $("#page-prev").addEventListener("click", () => turnPage(state.table.offset - PAGE_ROWS)
      .catch((e) => status("Could not load events: " + e.message)));
    $("#page-next").addEventListener("click", () => state.table.next !== null && turnPage(state.table.next)
      .catch((e) => status("Could not load events: " + e.message)));
  }

  // ------------------------------------------------------------------ event page
  const FIELDS = [
    ["Kind", "kind"], ["Date", "event_date"], ["Date precision", "date_precision"], ["Event type", "event_type"],
    ["Sub-event type", "sub_event_type"], ["Actor 1", "actor1"], ["Actor 2", "actor2"], ["Claimed by", "claimed_by"],
    ["Target", "target"], ["Target type", "target_type"], ["Location", "location"], ["Admin1", "admin1"],
    ["Country", "country"], ["Coordinates", "coordinates"], ["Geo precision", "geo_precision"],
    ["Fatalities", "fatalities"], ["Injuries", "injuries"], ["Attacker fatalities", "attacker_fatalities"],
    ["Casualties (not split)", "casualties"], ["Confidence", "confidence"],
  ];
  const ALWAYS = new Set(["event_date", "event_type", "actor1", "location", "country", "fatalities"]);
  const EVIDENCE_OF = { coordinates: ["location", "admin1", "country"], date_precision: ["event_date"] };

  function fieldValue(ev, key) {
    if (key === "coordinates") {
      return typeof ev.latitude === "number" ? `${ev.latitude.toFixed(4)}, ${ev.longitude.toFixed(4)}` : null;
    }
    const v = ev[key];
    return v === null || v === undefined || v === "" ? null : String(v);
  }

  async function showEvent(id) {
    const token = ++state.token;
    $("#dashboard").hidden = true;
    $("#event-page").hidden = false;
    $("#back-link").setAttribute("href", state.lastDash);
    const box = $("#event");
    box.replaceChildren(el("p", {}, "Loading…"));
    status("Event " + id);
    let data;
    try { data = await getJSON("/api/events/" + encodeURIComponent(id)); }
    catch (e) {
      if (token === state.token) box.replaceChildren(el("p", { class: "warn" }, `Could not load event ${id}: ${e.message}`));
      return;
    }
    if (token !== state.token) return;
    renderEvent(box, data);
    document.title = `${typeName(data.event)} – ${place(data.event)} – eventdesk`;
    window.scrollTo(0, 0);
    box.focus({ preventScroll: true });
    document.body.dataset.view = "event";
    document.body.dataset.loads = String(++state.loads);
  }

  function renderEvent(box, data) {
    const ev = data.event, docs = data.documents;
    // Highlights per field, across documents, for the "evidence" buttons.
    const byField = new Map();
    docs.forEach((doc, di) => doc.highlights.forEach((h) => {
      for (const f of h.fields) {
        if (!byField.has(f)) byField.set(f, []);
        byField.get(f).push(markId(di, h.id));
      }
    }));

    const head = [
      el("h2", {}, `${typeName(ev)}${place(ev) ? " — " + place(ev) : ""}`),
      el("p", { class: "sub" }, [dateText(ev), ev.kind === "threat" ? "reported threat" : ev.event_type,
        `${ev.sources} ${ev.sources === 1 ? "source" : "sources"}`, ev.id].filter(Boolean).join(" · ")),
    ];

    const rows = [];
    for (const [label, key] of FIELDS) {
      const value = fieldValue(ev, key);
      if (value === null && !ALWAYS.has(key)) continue;
      const rule = (ev.rules || {})[key] || (key === "coordinates" ? (ev.rules || {}).location : null);
      const reported = reportedValues(docs, key);
      const marks = (EVIDENCE_OF[key] || [key]).flatMap((f) => byField.get(f) || []);
      rows.push(el("tr", { "data-field": key },
        el("th", { scope: "row" }, label),
        el("td", {}, value === null ? el("span", { class: "rule" }, "not found") : value,
           reported.size > 1 ? el("div", { class: "rule" }, "sources said: " +
             [...reported.entries()].map(([v, ds]) => `${v} (${ds.join(", ")})`).join("; ")) : null),
        el("td", { class: "rule" }, rule ? rule.replaceAll("_", " ") : ""),
        el("td", {}, marks.length ? evidenceButton(marks, label) : "")));
    }
    const table = el("table", { class: "fields" },
      el("caption", { class: "rule", style: null }, "Each value, how fusion chose it, and the sentences that support it."),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "Value"),
        el("th", { scope: "col" }, "Chosen by"), el("th", { scope: "col" }, "Evidence"))),
      el("tbody", {}, ...rows));

    const side = [];
    if (ev.kind !== "threat" || ev.fatalities !== null) {
      const n = (v) => v === null || v === undefined ? "?" : String(v);
      side.push(el("div", { class: "toll", role: "group", "aria-label": "Fatalities: low, best, high" },
        el("div", {}, el("span", { class: "n", id: "fat-low" }, n(ev.fatalities_low)), "low"),
        el("div", { class: "best" }, el("span", { class: "n", id: "fat-best" }, n(ev.fatalities)), "best"),
        el("div", {}, el("span", { class: "n", id: "fat-high" }, n(ev.fatalities_high)), "high")));
    }
    const dis = ev.disagreements || [];
    side.push(el("section", { class: "disagree", "aria-labelledby": "dis-h" },
      el("h3", { id: "dis-h" }, dis.length ? "Sources disagree" : "No disagreement between sources"),
      dis.length ? el("ul", {}, ...dis.map((d) => el("li", {}, el("strong", {}, d.field + ": "),
        d.values.map((v) => `${v.value} (${(v.doc_ids || []).join(", ")})`).join("; ")))) : null));
    const merges = ev.merges || [];
    if (merges.length) {
      const pct = (v) => v === null || v === undefined ? "?" : v.toFixed(2);
      side.push(el("section", { class: "merges", "aria-labelledby": "mrg-h" },
        el("h3", { id: "mrg-h" }, "Why these reports are one event"),
        el("ul", {}, ...merges.map((m) => el("li", {},
          el("strong", {}, `${m.a} + ${m.b}: `),
          m.by === "analyst merge" ? "merged by an analyst" :
            `${m.by}, score ${pct(m.score)} (threshold ${pct(m.threshold)}); ` +
            Object.entries(m.components || {}).map(([k, v]) => `${k} ${pct(v)}`).join(", ") +
            (m.checks ? `; no veto in ${m.checks.pairs} pair(s): ${m.checks.passed.join(", ")}` : ""))))));
    }
    if (ev.notes) side.push(el("p", { class: "rule" }, "Headlines: " + ev.notes));
    const fixes = data.corrections || [];
    if (fixes.length) {
      side.push(el("section", { class: "corrections", "aria-labelledby": "cor-h" },
        el("h3", { id: "cor-h" }, "Analysts' corrections"),
        el("ul", {}, ...fixes.map((c) => el("li", {},
          el("strong", {}, c.action === "merge" ? "merged: " : "kept apart: "), `${c.mention_a} and ${c.mention_b}`,
          c.note ? ` — ${c.note}` : "", el("span", { class: "rule" }, ` (${c.created})`))))));
    }
    const canSplit = data.can_correct && (ev.mention_ids || []).length > 1;
    if (data.can_correct) side.push(correctionForm(ev));

    const sources = el("section", { "aria-labelledby": "src-h" },
      el("h2", { id: "src-h" }, `Source documents (${docs.length})`),
      ...docs.map((doc, di) => renderDocument(doc, di, canSplit ? ev.id : null)));
    const notice = state.notice;
    state.notice = null;
    box.replaceChildren(...head, notice ? el("p", { class: "notice", id: "correction-notice", role: "status" }, ...notice) : null,
                        el("div", { class: "cols" }, el("div", {}, table), el("div", {}, ...side)), sources);
  }

  // ------------------------------------------------------------------ corrections
  async function postJSON(url, body) {
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
                                   body: JSON.stringify(body) });
    const reply = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(reply.error || `${res.status} ${res.statusText}`);
    return reply;
  }

  const eventLink = (id) => el("a", { href: "#/event/" + encodeURIComponent(id) }, id);

  // After a correction: the facet counts are stale, and the page to show is the event the
  // analyst was working on (or, if it is gone, where its reports went).
  function corrected(show, notice) {
    state.facets = null;
    state.notice = notice;
    const target = "#/event/" + encodeURIComponent(show);
    if (location.hash === target) route();
    else location.hash = target;
  }

  function correctionForm(ev) {
    const note = el("input", { id: "correction-note", type: "text", maxlength: "2000", placeholder: "e.g. two different raids" });
    const other = el("input", { id: "merge-with", type: "text", maxlength: "200", placeholder: "EVD…", required: true });
    const message = el("p", { id: "correction-error", class: "warn", role: "alert" });
    const form = el("form", { class: "correct", id: "merge-form", "aria-labelledby": "fix-h" },
      el("h3", { id: "fix-h" }, "Correct this event"),
      el("p", { class: "rule" }, "Corrections are kept in the store: re-ingest and fuse --rebuild keep them. " +
        "Split a report out with the button beside it, under Source documents."),
      el("label", { for: "correction-note" }, "Why (kept with the correction)"), note,
      el("label", { for: "merge-with" }, "Merge with the event whose id is"), other,
      el("button", { type: "submit", id: "merge-button" }, "Merge the two events"), message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      message.textContent = "";
      const withId = other.value.trim();
      if (!withId) { message.textContent = "Give the id of the other event."; return; }
      try {
        const res = await postJSON(`/api/events/${encodeURIComponent(ev.id)}/merge`, { with: withId, note: note.value });
        corrected(res.event_id, ["Merged with ", withId, "."]);
      } catch (err) { message.textContent = "Could not merge: " + err.message; }
    });
    return form;
  }

  function splitButton(eventId, mentionId) {
    const b = el("button", { type: "button", class: "split", "data-mention": mentionId,
                             "aria-label": `Split report ${mentionId} out of this event` }, "Split this report out");
    b.addEventListener("click", async () => {
      const error = $("#correction-error");
      if (error) error.textContent = "";
      try {
        const note = $("#correction-note");
        const res = await postJSON(`/api/events/${encodeURIComponent(eventId)}/split`,
                                   { mention_id: mentionId, note: note ? note.value : "" });
        corrected(res.remaining || eventId, ["Report ", mentionId, " split out into event ", eventLink(res.event_id), "."]);
      } catch (err) {
        if (error) error.textContent = "Could not split: " + err.message;
      }
    });
    return b;
  }

  function reportedValues(docs, key) {
    const out = new Map();
    if (key === "coordinates" || key === "confidence") return out;
    for (const doc of docs) for (const m of doc.mentions) {
      const v = m.reported[key];
      if (v === null || v === undefined) continue;
      const k = String(v);
      if (!out.has(k)) out.set(k, []);
      if (!out.get(k).includes(doc.doc_id)) out.get(k).push(doc.doc_id);
    }
    return out;
  }

  const markId = (di, hid) => `mark-${di}-${hid}`;

  function evidenceButton(ids, label) {
    let i = 0;
    const b = el("button", { type: "button", "aria-label": `Show the evidence for ${label} (${ids.length})` },
                 `show${ids.length > 1 ? ` (${ids.length})` : ""}`);
    b.addEventListener("click", () => { jumpTo(ids[i % ids.length]); i++; });
    return b;
  }

  function jumpTo(id) {
    const m = document.getElementById(id);
    if (!m) return;
    m.scrollIntoView({ block: "center", behavior: "smooth" });
    m.focus({ preventScroll: true });
    m.classList.add("flash");
    setTimeout(() => m.classList.remove("flash"), 1500);
  }

  function renderDocument(doc, di, splitFrom) {
    const meta = [doc.source, doc.published ? "published " + doc.published : null,
      doc.reference_date ? `dates read against ${doc.reference_date}` +
        (doc.reference_date_method ? ` (${doc.reference_date_method})` : "") : null, doc.doc_id].filter(Boolean);
    const reported = doc.mentions.map((m) => {
      const r = m.reported;
      const said = ["event_date", "sub_event_type", "location", "fatalities", "target", "actor1"]
        .filter((k) => r[k] !== null && r[k] !== undefined).map((k) => `${k} ${r[k]}`).join(", ");
      const prov = Object.entries(r.provenance || {}).map(([k, v]) => `${k}: ${v}`).join("; ");
      return el("div", { class: "reported", "data-mention": m.mention_id }, el("strong", {}, "Reported here: "), said || "no detail",
                splitFrom ? splitButton(splitFrom, m.mention_id) : null,
                prov ? el("div", { class: "rule" }, "Extraction rules: " + prov) : null);
    });
    const evList = el("ol", { class: "evlist", "aria-label": "Evidence sentences" },
      ...doc.mentions.flatMap((m) => m.evidence.map((h) => el("li", {},
        h.id ? (() => {
          const b = el("button", { type: "button" }, h.text.length > 140 ? h.text.slice(0, 140) + "…" : h.text);
          b.addEventListener("click", () => jumpTo(markId(di, h.id)));
          return b;
        })() : el("span", {}, h.text || ""),
        " ", el("span", { class: "badge" }, h.fields.join(", ") || "event"),
        h.verified ? null : el("span", { class: "warn" }, " (this span does not match the stored text)")))));
    const article = el("div", { class: "article", role: "document", "aria-label": "Article text with evidence highlighted" });
    const first = new Set();
    const byId = new Map(doc.highlights.map((h) => [h.id, h]));
    for (const seg of doc.segments) {
      if (!seg.marks.length) { article.append(document.createTextNode(seg.text)); continue; }
      const fields = [...new Set(seg.marks.flatMap((id) => byId.get(id).fields))];
      const mark = el("mark", { title: "Evidence for: " + (fields.join(", ") || "the event"), tabindex: "-1",
                                class: seg.marks.length > 1 ? "many" : null, "data-fields": fields.join(" ") }, seg.text);
      for (const id of seg.marks) if (!first.has(id)) { first.add(id); if (!mark.id) mark.id = markId(di, id); }
      article.append(mark);
    }
    return el("section", { class: "doc", "aria-label": "Source: " + (doc.title || doc.doc_id) },
      el("h3", {}, doc.title || doc.doc_id),
      el("p", { class: "meta" }, meta.join(" · "),
         doc.url ? el("span", {}, " · ", el("a", { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank" }, doc.url)) : null),
      ...reported, evList, article);
  }

  // ------------------------------------------------------------------ start
  function wireForm() {
    const form = $("#filters");
    form.addEventListener("submit", (ev) => { ev.preventDefault(); setFilters(readForm()); });
    for (const name of ["kind", "type", "admin1", "since", "until"]) {
      form.elements[name].addEventListener("change", () => setFilters(readForm()));
    }
    form.elements.country.addEventListener("change", () => setFilters({ ...readForm(), admin1: "" }));
    $("#reset").addEventListener("click", () => setFilters({}));
  }

  function start() {
    renderLegend();
    wireForm();
    wireMap();
    wireTimeline();
    wireTable();
    window.addEventListener("hashchange", route);
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
