"""A tiny rule extractor standing in for the real pipeline in store, CLI and crash tests.

It reads sentences like "Gunmen killed 4 people in Kandahar on 2023-01-11." so the store can be
tested on real ingestion of small text files, independently of extraction quality. The crash
test imports it in a subprocess (``--extractor test_store_toy_extractor:extract``).
"""
import os
import re
import time

from eventdesk.model import Document, Event, Evidence

# city -> (admin1, latitude, longitude); all in Afghanistan for these fixtures.
CITIES = {"Kabul": ("Kabul", 34.53, 69.17), "Kandahar": ("Kandahar", 31.61, 65.71),
          "Herat": ("Herat", 34.35, 62.20), "Jalalabad": ("Nangarhar", 34.43, 70.45)}
SENTENCE = re.compile(r"[^.]*\b(killed|bombed|attacked|threatened)\b[^.]*\.")


def extract(doc: Document) -> list[Event]:
    delay = float(os.environ.get("TOY_EXTRACTOR_DELAY", "0"))
    if delay:
        time.sleep(delay)
    if "EXPLODE" in doc.text:
        raise RuntimeError("toy extractor cannot read this document")
    events = []
    for m in SENTENCE.finditer(doc.text):
        sentence = m.group(0).strip()
        start = doc.text.index(sentence)
        city = next((c for c in CITIES if c in sentence), None)
        killed = re.search(r"killed (\d+)", sentence)
        day = re.search(r"\d{4}-\d{2}-\d{2}", sentence)
        admin1, lat, lon = CITIES.get(city, (None, None, None))
        events.append(Event(
            doc_id=doc.id, kind="threat" if "threatened" in sentence else "event",
            event_date=day.group(0) if day else None, date_precision="day" if day else None,
            event_type="Explosions/Remote violence" if "bombed" in sentence else "Violence against civilians",
            country="Afghanistan" if city else None, admin1=admin1, location=city, latitude=lat, longitude=lon,
            geo_precision=1 if city else None, fatalities=int(killed.group(1)) if killed else None,
            confidence=0.8, evidence=[Evidence(start, start + len(sentence), sentence, ["event"])]))
    return events


def test_toy_extractor_reads_its_sentence_form():
    doc = Document("d1", "Gunmen killed 4 people in Kandahar on 2023-01-11. Markets reopened later.")
    (ev,) = extract(doc)
    assert (ev.location, ev.fatalities, ev.event_date) == ("Kandahar", 4, "2023-01-11")
    assert doc.text[ev.evidence[0].start:ev.evidence[0].end] == ev.evidence[0].text
