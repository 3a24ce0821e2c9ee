"""Field filler: the event's date, from its mentions, its paragraph or the reference date.

Reads the incident's mentions, ``state.reference`` and ``state.sentences``; reads and updates
the per-document memory ``previous_date`` / ``previous_precision`` (what "the same day" and
"a week later" count from). Writes ``event_date``, ``date_precision`` and their provenance.
"""
from __future__ import annotations

from datetime import date, timedelta

from ..model import Event
from ..time import event_date_mention, fallback_date, find_dates, mention_date, planned, reported_event_at
from .incidents import Incident
from .state import DocState, StageContext


def fill_date(ev: Event, inc: Incident, state: DocState, ctx: StageContext, cite) -> None:
    ref, sents, rx, settings = state.reference, state.sentences, ctx.patterns, ctx.settings
    previous, previous_precision = state.previous_date, state.previous_precision
    if inc.counted_dates:
        # "the next day" counts from the incident told just before, not the last record's date
        previous = inc.counted_dates[0].value - timedelta(days=inc.counted_dates[0].delta_days)
        previous_precision = "day"
    # The first report's date, unless the article's own date is only inferred: then "last year's
    # blast" counts from a guess, and a full date a later sentence gives is surer.
    inferred = (ref.method or "").startswith("inferred")
    chosen = None
    for m in inc.mentions:
        dated = [d for d in m.dates if d.value is not None or d.anchor == "previous_event"]
        if not dated:
            continue
        # The event's date is the one in the clause reporting it, nearest its trigger.
        words = [t.start + m.sentence.start for t in m.triggers]
        anchor = reported_event_at(dated, m.sentence.text, m.sentence.start, words) or (
            words[0] if words else m.sentence.start)
        best = event_date_mention(dated, m.sentence.text, m.sentence.start, anchor)
        iso, precision = mention_date(best, ref, previous, previous_precision, anchor) if best else (None, None)
        if iso is None:
            continue
        full = best.kind == "absolute" and precision == "day"
        if chosen is None or inferred and full:
            chosen = (m, best, iso, precision)
        if not inferred or full:
            break
    if chosen:
        m, best, iso, precision = chosen
        ev.event_date, ev.date_precision = iso, precision
        ev.provenance["event_date"] = f"{best.kind}: {best.text}"
        cite(m, "event_date")
    first = inc.first
    if ev.event_date is None and not (rx.background.search(first.sentence.text) or rx.habitual.search(first.sentence.text)):
        # An undated sentence goes on with the time of its paragraph: "On 29 April 2020, workers
        # gathered ... The group stopped all work and staged a demonstration." (Not background or
        # habitual ones: "Earlier, ...", "The militia continued to attack ...".)
        for prev in reversed(sents[max(0, first.sentence.position - settings.near_sentences):first.sentence.position]):
            if prev.block != first.sentence.block:
                break
            # (a date planned, "His sentencing is scheduled for October 16.", dates no event)
            # (nor does the span a tally counts over: "the toll in the last six days is 54")
            told = [d for d in find_dates(prev.text, ref.date, prev.start)
                    if d.value is not None and not d.span and not planned(prev.text, d.start - prev.start)]
            if told:
                iso, precision = mention_date(told[0], ref, previous, previous_precision)
                if iso:
                    ev.event_date, ev.date_precision = iso, precision
                    ev.provenance["event_date"] = f"paragraph: {told[0].text}"
                    cite(told[0], "event_date")
                break
    if ev.event_date is None and inc.kind == "event":
        if first.sentence.position < settings.lead_sentences and not rx.background.search(first.sentence.text):
            iso, precision = fallback_date(ref)
            if iso:
                ev.event_date, ev.date_precision = iso, precision
                ev.provenance["event_date"] = "fallback: reference date"
        elif previous is not None and not (rx.background.search(first.sentence.text)
                                           or rx.habitual.search(first.sentence.text)):
            # an undated incident told further on in the story ("trouble also broke out in
            # Halol") happened when the one told before it did, as near as the report says
            ev.event_date, ev.date_precision = previous.isoformat(), previous_precision
            ev.provenance["event_date"] = "the date of the incident told before"
    if ev.event_date:
        state.previous_date = date.fromisoformat(ev.event_date)
        state.previous_precision = ev.date_precision
