"""Whether the dashboard's overview is readable, judged by element geometry in a real browser:
shared by the layout test (synthetic store) and scripts/dashboard_check.py (a dev set).

``measure(page)`` reads the boxes of the overview's parts; ``problems(measured, dated)`` says
what is wrong with them in words (an empty list when nothing is): the timeline spans where the
events are and counts every dated one, its bars and tick labels are legible and apart, the table
shows its rows uncut, and map labels sit clear of the circles and of each other.
"""
from __future__ import annotations

RECT = "(e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; })"

# What "readable" means here, in CSS pixels of a 1280 x 900 window.
MIN_BAR_WIDTH = 2          # a bar narrower than this is a hairline
MIN_TALLEST_BAR = 20       # the busiest bar is at least this tall
MIN_ROW_HEIGHT = 12        # a table row shorter than this cuts its text
MAX_ROWS = 50              # one page of the table
MIN_SPAN = 0.9             # share of the axis between the first and last bar with events

MEASURE = f"""(() => {{
  const rect = {RECT};
  const all = (sel) => [...document.querySelectorAll(sel)];
  const wrap = document.querySelector('.table-wrap');
  const edge = (id) => {{ const b = document.getElementById(id); return b.hidden ? 0 : +b.dataset.count; }};
  return {{
    axis: rect(document.getElementById('timeline')),
    bars: all('#timeline .bar').map(b => ({{...rect(b.querySelector('rect.val')), n: +b.dataset.count,
                                            start: b.dataset.start}})),
    edges: edge('tl-before') + edge('tl-after'),
    ticks: all('#tl-ticks span').map(t => ({{...rect(t), text: t.textContent}})),
    panel: rect(document.getElementById('timeline').closest('section')),
    rows: all('#event-table tbody tr').map(r => ({{...rect(r), id: r.dataset.id}})),
    wrap: {{scroll: wrap.scrollHeight, client: wrap.clientHeight, box: rect(wrap)}},
    page: {{height: document.documentElement.scrollHeight, scrollY: window.scrollY}},
    labels: all('#map-labels text').map(t => ({{...rect(t), text: t.textContent}})),
    circles: all('#map-points circle').map(c => rect(c)),
  }};
}})()"""


def measure(page) -> dict:
    return page.eval(MEASURE)


def overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def problems(m: dict, dated: int) -> list[str]:
    """What makes the overview hard to read; ``dated``: how many matching events have a date."""
    return timeline_problems(m, dated) + table_problems(m) + label_problems(m)


def timeline_problems(m: dict, dated: int) -> list[str]:
    out = []
    full = [b for b in m["bars"] if b["n"] > 0]
    if dated and not full:
        return ["the timeline has no bar with events"]
    charted = sum(b["n"] for b in full) + m["edges"]
    if charted != dated:
        out.append(f"the timeline counts {charted} events (bars and edge markers), not the {dated} dated ones")
    width = m["axis"]["r"] - m["axis"]["l"]
    if full and len({b["start"] for b in full}) > 1:
        span = (max(b["r"] for b in full) - min(b["l"] for b in full)) / width
        if span < MIN_SPAN:
            out.append(f"the events fill {span:.0%} of the timeline's width: the axis is stretched beyond them")
    thin = [b["start"] for b in m["bars"] if b["r"] - b["l"] < MIN_BAR_WIDTH]
    if thin:
        out.append(f"{len(thin)} timeline bars are under {MIN_BAR_WIDTH} px wide (first: {thin[0]})")
    if full and max(b["b"] - b["t"] for b in full) < MIN_TALLEST_BAR:
        out.append(f"the tallest timeline bar is under {MIN_TALLEST_BAR} px")
    outside = [b["start"] for b in m["bars"] if b["l"] < m["axis"]["l"] - 1 or b["r"] > m["axis"]["r"] + 1]
    if outside:
        out.append(f"timeline bars outside the axis: {outside[:3]}")
    ticks = m["ticks"]
    out += [f"timeline labels {a['text']!r} and {b['text']!r} overlap" for a, b in zip(ticks, ticks[1:]) if overlap(a, b)]
    out += [f"timeline label {t['text']!r} sticks out of its panel" for t in ticks
            if t["l"] < m["panel"]["l"] or t["r"] > m["panel"]["r"]]
    return out


def table_problems(m: dict) -> list[str]:
    rows, wrap = m["rows"], m["wrap"]
    if not rows:
        return ["the events table shows no row"]
    out = []
    if len(rows) > MAX_ROWS:
        out.append(f"the table shows {len(rows)} rows, more than a page of {MAX_ROWS}")
    if wrap["scroll"] > wrap["client"] + 1:
        out.append(f"the table's box hides {wrap['scroll'] - wrap['client']:.0f} px of rows")
    box = wrap["box"]
    cut = [r["id"] for r in rows if r["t"] < box["t"] - 1 or r["b"] > box["b"] + 1]
    if cut:
        out.append(f"{len(cut)} table rows lie outside the table's box (first: {cut[0]})")
    short = [r["id"] for r in rows if r["b"] - r["t"] < MIN_ROW_HEIGHT]
    if short:
        out.append(f"{len(short)} table rows are under {MIN_ROW_HEIGHT} px tall")
    if rows[-1]["b"] + m["page"]["scrollY"] > m["page"]["height"] + 1:
        out.append("the table's last row runs past the end of the page")
    return out


def label_problems(m: dict) -> list[str]:
    labels, circles = m["labels"], m["circles"]
    out = [f"map label {lb['text']!r} covers a circle" for lb in labels if any(overlap(lb, c) for c in circles)]
    out += [f"map labels {a['text']!r} and {b['text']!r} overlap"
            for i, a in enumerate(labels) for b in labels[i + 1:] if overlap(a, b)]
    return out
