"""A small rule extractor for the parity and concurrency tests: one event per sentence that says
who killed how many where, with its actor named through eventdesk's actor table (so filters
meet the canonical names extraction writes). Imported by a subprocess too (--extractor)."""
import re

from eventdesk.extract.actors import find_actors
from eventdesk.model import Document, Event, Evidence

CITIES = {"Kabul": ("Afghanistan", "Kabul", 34.53, 69.17), "Jalalabad": ("Afghanistan", "Nangarhar", 34.43, 70.45),
          "Mogadishu": ("Somalia", "Banaadir", 2.04, 45.34), "Herat": ("Afghanistan", "Herat", 34.35, 62.20)}
SENTENCE = re.compile(r"[^.]*\b(?:killed|attacked|shot)\b[^.]*\.")


def extract(doc: Document) -> list[Event]:
    events = []
    for m in SENTENCE.finditer(doc.text):
        sentence = m.group(0).strip()
        start = doc.text.index(sentence, m.start())
        city = next((c for c in CITIES if c in sentence), None)
        country, admin1, lat, lon = CITIES.get(city, (None, None, None, None))
        actors = find_actors(sentence, country_hint=country)
        killed = re.search(r"killed (\d+)", sentence)
        day = re.search(r"\d{4}-\d{2}-\d{2}", sentence)
        events.append(Event(
            doc_id=doc.id, event_date=day.group(0) if day else None, date_precision="day" if day else None,
            event_type="Violence against civilians", sub_event_type="Attack",
            actor1=actors[0].name if actors else None, country=country, admin1=admin1, location=city,
            latitude=lat, longitude=lon, geo_precision=1 if city else None,
            fatalities=int(killed.group(1)) if killed else None, confidence=0.8,
            evidence=[Evidence(start, start + len(sentence), sentence, ["event"])]))
    return events
