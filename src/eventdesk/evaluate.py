"""Score event records against a team's own gold annotations, by the project's scoring rules.

``score(gold, predictions, texts)`` returns a ``Report`` whose figures are those of the project's
reference scorer, so a model can be checked on local gold before it is used:

* **Matching.** A predicted record matches a gold mention of the same document when one of its
  evidence spans (``evidence[].start/end``) overlaps the gold ``evidence`` sentence, or one of its
  ``also_evidence`` passages, located in the document text (white space and curly quotes do not
  matter; a passage found several times, e.g. a repeated caption, counts at each place). Pairs
  are matched one to one, largest overlap (in characters) first. A gold mention without evidence
  (a document that reports a single event) is matched to any record of its document, preferring
  the one that agrees with it on the most scored fields.
* **Optional gold.** A gold mention marked ``optional`` neither counts as missed when no record
  matches it nor makes a record that matches it a false positive; it is not field-scored.
* **Detection.** tp = matched non-optional gold; fp = records left unmatched; fn = non-optional
  gold left unmatched; precision, recall and F1 from those. Only documents of the gold file are
  scored: records of other documents are ignored.
* **Fields**, on matched non-optional pairs, over the gold fields that are set:
  ``kind`` (a record without one is an ``event``); ``event_type`` (one of the gold
  ``acceptable_event_types``); ``sub_event_type`` (normalised text); ``event_date`` (same year or
  month when the gold is that precise, else within one day); ``country`` (aliases: DRC = DR Congo,
  Burma = Myanmar, USA = United States ...); ``admin1_or_country`` (the gold first-level division
  when it has one, by name, one containing the other, or a point within 25 km in the right
  country; else the country); ``coordinates_50km``; ``actor1`` (alias groups: Daesh = IS-K = ISKP
  = Islamic State ..., Taliban = Islamic Emirate, else normalised text); ``fatalities`` and
  ``injuries`` (exact count; a missing count agrees with a gold 0).

Names are normalised by folding accents and case, dropping the words province, city, district,
governorate, state and region, and punctuation.
"""
from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator, Optional

__all__ = ["score", "Report", "DocumentScore", "EvaluationError", "load_gold", "load_texts",
           "load_predictions", "FIELD_NAMES"]


class EvaluationError(ValueError):
    """Gold, documents or predictions that cannot be scored (the message says which and why)."""


# --- normalisation ------------------------------------------------------------------------------

_ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "islamic state": ("islamic state", "is-k", "isis-k", "iskp", "isil-k", "isis", "isil", "daesh",
                      "da'esh", "is", "iswap", "iscap", "khorasan province", "khurasan province"),
    "taliban": ("taliban", "islamic emirate"),
}
_ACTOR_PATTERNS = [(group, [re.compile(r"(?<![a-z0-9])" + re.escape(alias) + r"(?![a-z0-9])")
                            for alias in aliases])
                   for group, aliases in _ACTOR_GROUPS.items()]

_COUNTRY_ALIASES = {
    "democratic republic of congo": "dr congo", "democratic republic of the congo": "dr congo",
    "congo dem rep": "dr congo", "drc": "dr congo",
    "burma": "myanmar",
    "ivory coast": "cote d ivoire",
    "united states of america": "united states", "usa": "united states", "us": "united states",
    "uk": "united kingdom", "great britain": "united kingdom",
    "syrian arab republic": "syria",
    "russian federation": "russia",
    "republic of korea": "south korea",
    "turkiye": "turkey",
    "palestinian territories": "palestine", "west bank and gaza strip": "palestine",
}

_GENERIC_PLACE_WORDS = re.compile(r"\b(?:province|city|district|governorate|state|region)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(value: Any) -> str:
    """Accent- and case-folded text without generic place words or punctuation ('' for None)."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().lower()
    s = _GENERIC_PLACE_WORDS.sub(" ", s)
    return _NON_ALNUM.sub(" ", s).strip()


def normalise_country(value: Any) -> str:
    n = normalise(value)
    return _COUNTRY_ALIASES.get(n, n)


def actor_key(value: Any) -> str:
    """The alias group an actor name belongs to (e.g. 'islamic state'), else its normalised text."""
    padded = " " + re.sub(r"[^a-z0-9'-]+", " ", str(value or "").lower()) + " "
    for group, patterns in _ACTOR_PATTERNS:
        if any(p.search(padded) for p in patterns):
            return group
    return normalise(value)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, Earth diameter 12742 km)."""
    rad = math.pi / 180
    (lat1, lon1), (lat2, lon2) = a, b
    h = (math.sin((lat2 - lat1) * rad / 2) ** 2
         + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


# --- field comparisons: True / False, or None when the gold does not set the field --------------

def _kind(g: dict, p: dict) -> Optional[bool]:
    return (p.get("kind") or "event") == g.get("kind", "event")


def _event_type(g: dict, p: dict) -> Optional[bool]:
    if not g.get("event_type"):
        return None
    acceptable = g.get("acceptable_event_types")
    if acceptable is None:          # gold written without the list: its own type is the one
        acceptable = [g["event_type"]]
    return p.get("event_type") in acceptable


def _sub_event_type(g: dict, p: dict) -> Optional[bool]:
    if not g.get("sub_event_type"):
        return None
    return normalise(p.get("sub_event_type")) == normalise(g["sub_event_type"])


def _event_date(g: dict, p: dict) -> Optional[bool]:
    gold, pred = g.get("date"), p.get("event_date")
    if not gold:
        return None
    if not pred:
        return False
    precision = g.get("date_precision") or "day"
    if precision == "year":
        return str(pred)[:4] == gold[:4]
    if precision == "month":
        return str(pred)[:7] == gold[:7]
    try:
        gold_day, pred_day = date.fromisoformat(gold[:10]), date.fromisoformat(str(pred)[:10])
    except ValueError:
        return False
    return abs((gold_day - pred_day).days) <= 1


def _country(g: dict, p: dict) -> Optional[bool]:
    if not g.get("country"):
        return None
    return normalise_country(p.get("country")) == normalise_country(g["country"])


def _coordinates(g: dict, p: dict, limit_km: float = 50) -> Optional[bool]:
    if g.get("latitude") is None:
        return None
    if p.get("latitude") is None or p.get("longitude") is None:
        return False
    try:
        return distance_km((g["latitude"], g["longitude"]),
                           (float(p["latitude"]), float(p["longitude"]))) <= limit_km
    except (TypeError, ValueError):
        return False


def _admin1_or_country(g: dict, p: dict) -> Optional[bool]:
    if g.get("admin1"):
        pred, gold = normalise(p.get("admin1")), normalise(g["admin1"])
        if pred and (pred == gold or (len(pred) > 3 and len(gold) > 3 and (pred in gold or gold in pred))):
            return True
        # division names differ between gazetteers: a point near the gold one, same country
        return (bool(_coordinates(g, p, 25))
                and normalise_country(p.get("country")) == normalise_country(g.get("country")))
    if g.get("country"):
        return normalise_country(p.get("country")) == normalise_country(g["country"])
    return None


def _actor1(g: dict, p: dict) -> Optional[bool]:
    if not g.get("actor1"):
        return None
    return actor_key(p.get("actor1")) == actor_key(g["actor1"])


def _count(name: str) -> Callable[[dict, dict], Optional[bool]]:
    def compare(g: dict, p: dict) -> Optional[bool]:
        gold = g.get(name)
        if gold is None:
            return None
        pred = p.get(name)
        if pred is None:            # not given agrees with a gold 0 (none reported)
            return int(gold) == 0
        try:
            return int(pred) == int(gold)
        except (TypeError, ValueError):
            return False
    return compare


_FIELDS: dict[str, Callable[[dict, dict], Optional[bool]]] = {
    "kind": _kind,
    "event_type": _event_type,
    "sub_event_type": _sub_event_type,
    "event_date": _event_date,
    "country": _country,
    "admin1_or_country": _admin1_or_country,
    "coordinates_50km": _coordinates,
    "actor1": _actor1,
    "fatalities": _count("fatalities"),
    "injuries": _count("injuries"),
}
FIELD_NAMES = tuple(_FIELDS)


def compare_fields(gold: dict, record: dict) -> dict[str, Optional[bool]]:
    """Each scored field's verdict for one gold mention and one record (None: gold does not set it)."""
    return {name: fn(gold, record) for name, fn in _FIELDS.items()}


def _agreement(gold: dict, record: dict) -> int:
    return sum(1 for fn in _FIELDS.values() if fn(gold, record))


# --- spans and matching ----------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def locate(text: str, passage: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``passage`` in ``text``, insensitive to white space and curly quotes."""
    words = passage.translate(_QUOTES).split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text.translate(_QUOTES))]


def _record_spans(record: dict) -> list[tuple[int, int]]:
    out = []
    for ev in record.get("evidence") or []:
        try:
            out.append((int(ev["start"]), int(ev["end"])))
        except (KeyError, TypeError, ValueError):
            pass
    return out


def _overlap(gold_spans: list[tuple[int, int]], record_spans: list[tuple[int, int]]) -> int:
    best = 0
    for gs, ge in gold_spans:
        for s, e in record_spans:
            best = max(best, min(ge, e) - max(gs, s))
    return best


@dataclass
class DocumentScore:
    """One gold document: counts, the matched (gold, record) pairs, what was missed and extra."""

    doc: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched: list[tuple[dict, dict]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)     # keys of unmatched non-optional gold
    extra: list[dict] = field(default_factory=list)     # unmatched records

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "missed": list(self.missed),
                "extra": [_extra_summary(r) for r in self.extra]}


def _first_evidence(record: dict) -> dict:
    ev = (record.get("evidence") or [{}])[0]
    return ev if isinstance(ev, dict) else {}


def _extra_summary(record: dict) -> dict[str, Any]:
    return {"event_type": record.get("event_type"), "event_date": record.get("event_date"),
            "evidence": str(_first_evidence(record).get("text", ""))}


def _gold_spans(doc_id: str, gold: dict, text_of: Callable[[], str]) -> Optional[list[tuple[int, int]]]:
    if not gold.get("evidence"):
        return None
    text = text_of()
    spans: list[tuple[int, int]] = []
    for passage in [gold["evidence"], *(gold.get("also_evidence") or [])]:
        found = locate(text, passage) if passage else []
        if not found:
            raise EvaluationError(f"gold evidence not found in {doc_id}: {passage!r}")
        spans.extend(found)
    return spans


def score_document(gold_doc: dict, records: list[dict], texts: Mapping[str, str]) -> DocumentScore:
    """Match one document's records to its gold mentions and count the outcome."""
    doc_id = str(gold_doc["doc"])
    cache: list[str] = []

    def text_of() -> str:
        if not cache:
            try:
                cache.append(texts[doc_id])
            except KeyError:
                raise EvaluationError(f"no text for gold document {doc_id!r} in DOCS") from None
            except OSError as exc:
                raise EvaluationError(f"cannot read the text of {doc_id!r}: {exc}") from None
        return cache[0]

    golds = [(g, _gold_spans(doc_id, g, text_of)) for g in gold_doc.get("events") or []]
    candidates = []
    for gi, (g, gspans) in enumerate(golds):
        for ri, record in enumerate(records):
            strength = _overlap(gspans, _record_spans(record)) if gspans else 1 + _agreement(g, record)
            if strength > 0:
                candidates.append((strength, gi, ri))
    candidates.sort(reverse=True)   # best first; ties: later gold, later record first
    used_gold, used_records = set(), set()
    result = DocumentScore(doc_id)
    for _, gi, ri in candidates:
        if gi in used_gold or ri in used_records:
            continue
        used_gold.add(gi)
        used_records.add(ri)
        result.matched.append((golds[gi][0], records[ri]))
    result.tp = sum(1 for g, _ in result.matched if not g.get("optional"))
    result.fp = len(records) - len(result.matched)
    result.missed = [g.get("key") for gi, (g, _) in enumerate(golds)
                     if gi not in used_gold and not g.get("optional")]
    result.fn = len(result.missed)
    result.extra = [r for ri, r in enumerate(records) if ri not in used_records]
    return result


# --- the report ----------------------------------------------------------------------------------

@dataclass
class Report:
    """Detection counts and per-field (correct, support) over a gold file."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in _FIELDS})
    documents: list[DocumentScore] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> Optional[float]:
        correct, support = self.fields[name]
        return round(correct / support, 3) if support else None

    def to_dict(self, verbose: bool = False) -> dict[str, Any]:
        """The summary (keys as the reference scorer's --json); ``verbose`` adds per document."""
        out: dict[str, Any] = {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 3), "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "field_accuracy": {k: self.accuracy(k) for k in self.fields},
            "field_support": {k: v[1] for k, v in self.fields.items()},
        }
        if verbose:
            out["documents"] = [d.to_dict() for d in self.documents]
        return out

    def format(self, verbose: bool = False) -> str:
        """The report as text; ``verbose`` first lists each document's missed and extra events."""
        lines = []
        if verbose:
            for d in self.documents:
                lines.append(f"{d.doc}: tp={d.tp} fp={d.fp} fn={d.fn}")
                lines.extend(f"   missed: {key}" for key in d.missed)
                for r in d.extra:
                    text = str(_first_evidence(r).get("text", ""))[:90]
                    lines.append(f"   extra:  {r.get('event_type')} {r.get('event_date')} {text!r}")
        lines.append(f"events  P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}  "
                     f"(tp={self.tp} fp={self.fp} fn={self.fn})")
        for name, (correct, support) in self.fields.items():
            acc = self.accuracy(name)
            shown = acc if acc is not None else "-"
            lines.append(f"  {name:18s} {shown:>6}  ({correct}/{support})")
        return "\n".join(lines)


def score(gold: dict, predictions: list[dict], texts: Mapping[str, str]) -> Report:
    """Score ``predictions`` (event records, each with ``doc_id`` and ``evidence`` offsets) against
    ``gold`` (``{"documents": [{"doc": ID, "events": [...]}, ...]}``); ``texts`` maps a document id
    to its text, used to place the gold evidence (read only for documents whose gold has some)."""
    by_doc: dict[str, list[dict]] = {}
    for record in predictions:
        by_doc.setdefault(str(record.get("doc_id")), []).append(record)
    report = Report()
    for gold_doc in gold.get("documents") or []:
        d = score_document(gold_doc, by_doc.get(str(gold_doc["doc"]), []), texts)
        report.documents.append(d)
        report.tp += d.tp
        report.fp += d.fp
        report.fn += d.fn
        for g, record in d.matched:
            if g.get("optional"):
                continue
            for name, verdict in compare_fields(g, record).items():
                if verdict is None:
                    continue
                report.fields[name][1] += 1
                report.fields[name][0] += bool(verdict)
    return report


# --- loading -------------------------------------------------------------------------------------

class _FolderTexts(Mapping):
    """Texts of a folder of files named by document id, read when first asked for."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._cache: dict[str, str] = {}

    def __getitem__(self, doc_id: str) -> str:
        if doc_id not in self._cache:
            path = os.path.join(self.folder, doc_id)
            if not os.path.isfile(path):
                raise KeyError(doc_id)
            with open(path, encoding="utf-8") as f:
                self._cache[doc_id] = f.read()
        return self._cache[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(os.listdir(self.folder)))

    def __len__(self) -> int:
        return len(os.listdir(self.folder))


def load_texts(docs: str) -> Mapping[str, str]:
    """Document texts from a folder of files named by id, or a docs.jsonl ({"id", "text"} a line)."""
    if os.path.isdir(docs):
        return _FolderTexts(docs)
    texts: dict[str, str] = {}
    try:
        with open(docs, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                    texts[str(d["id"])] = d["text"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise EvaluationError(f"{docs}:{n}: not a {{'id', 'text'}} JSON line ({exc})") from None
    except OSError as exc:
        raise EvaluationError(f"cannot read {docs}: {exc}") from None
    return texts


def load_gold(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            gold = json.load(f)
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"cannot read gold file {path}: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("documents"), list):
        raise EvaluationError(f"{path}: expected {{'documents': [{{'doc': ID, 'events': [...]}}, ...]}}")
    return gold


def load_predictions(path: str) -> list[dict]:
    """Records of a JSON Lines file (``{"document": ...}`` lines of --with-docs are skipped)."""
    records = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    raise EvaluationError(f"{path}:{n}: not JSON ({exc})") from None
                if not isinstance(rec, dict):
                    raise EvaluationError(f"{path}:{n}: not a JSON object")
                if set(rec) == {"document"}:
                    continue
                records.append(rec)
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc}") from None
    return records
