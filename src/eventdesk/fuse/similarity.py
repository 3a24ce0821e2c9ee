"""How alike two mentions are: hard vetoes first, then component similarities in [0, 1].

A *mention* here is anything with the fields of ``eventdesk.model.Event`` plus two derived date
bounds (see ``MentionView``); fused events are compared through their member mentions.
"""
from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Optional

import yaml
from rapidfuzz import fuzz

from .settings import FusionSettings


@lru_cache(maxsize=1)
def type_families() -> dict[str, str]:
    """event_type -> family name, from ``type_families.yaml``."""
    text = resources.files(__package__).joinpath("type_families.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {t.lower(): fam for fam, types in data["families"].items() for t in types}


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, held at the first or last day of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


# Fusion's own dates (a view's bounds, its article's reference day) are held this far inside the
# calendar, so the windows, slack and look-backs around them (a few hundred days) never leave it
# (a report "published" 9999-12-31 or dated 0001-01-01); stored records keep their dates.
CALENDAR_MARGIN = timedelta(days=1000)
_EARLIEST, _LATEST = date.min + CALENDAR_MARGIN, date.max - CALENDAR_MARGIN


def _inside(day: Optional[date]) -> Optional[date]:
    return None if day is None else min(max(day, _EARLIEST), _LATEST)


def date_bounds(event_date: Optional[str], precision: Optional[str],
                fallback: bool = False) -> tuple[Optional[date], Optional[date]]:
    """The first and last day a (date, precision) pair can mean; (None, None) when undated.

    A "week" is a window, not a day: from the given day (a week start, "last week") to six days
    on; a *fallback* week date (an undated report placed the day before publication, see
    ``time.fallback_date``) means some day of the week up to publication: six days back, one on.
    """
    if not event_date:
        return None, None
    try:
        day = date.fromisoformat(event_date[:10])
    except ValueError:
        return None, None
    if precision == "week":
        if fallback:
            return _shift(day, -6), _shift(day, 1)
        return day, _shift(day, 6)
    if precision == "month":
        first = day.replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


UNSET: Any = object()   # a derived value not worked out yet


@dataclass
class MentionView:
    """The fields fusion reads from one mention, normalised once."""

    id: str
    doc_id: str
    kind: str
    date_lo: Optional[date]
    date_hi: Optional[date]
    precision: Optional[str]
    event_type: Optional[str]
    sub_event_type: Optional[str]
    actors: tuple[str, ...]
    target: Optional[str]
    country: Optional[str]
    admin1: Optional[str]
    location: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geo_precision: Optional[int]
    fatalities: Optional[int]
    text: str
    # The event date is the extractor's guess from the publication date, not read in the text.
    date_is_fallback: bool = False
    # The days an *undated* mention can be about: before its article's reference date (None: unknown).
    implied_lo: Optional[date] = None
    implied_hi: Optional[date] = None
    target_raw: Optional[str] = None   # as written (capitals tell names apart)
    target_type: Optional[str] = None
    # What the target names, worked out when first read (at every comparison otherwise; a view
    # is never changed once made). Plain attributes: a view's attributes stay a shared-key dict.
    _known_target_name: Any = field(default_factory=lambda: UNSET, init=False, repr=False, compare=False)
    _known_proper_name: Any = field(default_factory=lambda: UNSET, init=False, repr=False, compare=False)
    _known_names_a_place: Any = field(default_factory=lambda: UNSET, init=False, repr=False, compare=False)

    @classmethod
    def from_record(cls, mention_id: str, rec: dict, reference: Optional[date] = None,
                    lookback_days: int = 45, slack_days: int = 2) -> "MentionView":
        """``reference``: the article's reference (publication) date, which bounds an undated
        mention to the ``lookback_days`` before it."""
        fallback = is_fallback_date(rec)
        lo, hi = date_bounds(rec.get("event_date"), rec.get("date_precision"), fallback)
        lo, hi, reference = _inside(lo), _inside(hi), _inside(reference)
        # An unidentified attacker says nothing about who it was: compatible with any actor.
        actors = tuple(sorted({a.strip().lower() for a in (rec.get("actor1"), rec.get("actor2"), rec.get("claimed_by"))
                               if a and a.strip() and not a.strip().lower().startswith(UNIDENTIFIED)}))
        text = " ".join(e.get("text") or "" for e in rec.get("evidence") or [])
        return cls(
            id=mention_id, doc_id=rec.get("doc_id") or "", kind=rec.get("kind") or "event",
            date_lo=lo, date_hi=hi, precision=rec.get("date_precision") if lo else None,
            event_type=_low(rec.get("event_type")), sub_event_type=_low(rec.get("sub_event_type")),
            actors=actors, target=_low(rec.get("target")),
            country=_low(rec.get("country")), admin1=_low(rec.get("admin1")), location=_low(rec.get("location")),
            lat=rec.get("latitude"), lon=rec.get("longitude"), geo_precision=rec.get("geo_precision"),
            fatalities=rec.get("fatalities"), text=text[:2000], date_is_fallback=fallback and lo is not None,
            implied_lo=reference - timedelta(days=lookback_days) if reference and not lo else None,
            implied_hi=reference + timedelta(days=slack_days) if reference and not lo else None,
            target_raw=rec.get("target") if isinstance(rec.get("target"), str) else None,
            target_type=rec.get("target_type"),
        )

    @property
    def vague(self) -> bool:
        """No date of its own (undated, or the publication-date fallback): most often a detail of
        an incident its article tells elsewhere, which extraction did not attach to it."""
        return self.date_lo is None or self.date_is_fallback

    @property
    def generic_target(self) -> bool:
        """People in general ("84 people", "the crowd") tell no incident from another."""
        return self.target_type in GENERIC_TARGET_TYPES

    @property
    def named_target(self) -> bool:
        """The target carries a name or a nationality ("the Turkish embassy", "Marigold Hotel"),
        so a second report naming it the same way points at the same incident."""
        return bool(self.target_name)

    @property
    def target_name(self) -> Optional[str]:
        if self._known_target_name is UNSET:
            self._known_target_name = _target_name(self.target_raw) if self.target_raw else None
        return self._known_target_name

    @property
    def proper_name(self) -> Optional[str]:
        """The target's own name, without place names (``_proper_name_of``)."""
        if self._known_proper_name is UNSET:
            self._known_proper_name = _proper_name_of(self)
        return self._known_proper_name

    @property
    def names_a_place(self) -> bool:
        if self._known_names_a_place is UNSET:
            self._known_names_a_place = _names_a_place_of(self)
        return self._known_names_a_place

    @property
    def place_level(self) -> str:
        """How specific the place is: "point" (a town or near one), "admin1", "country" or "none"."""
        if self.location and self.geo_precision in (1, 2):
            return "point"
        if self.admin1:
            return "admin1"
        return "country" if self.country else "none"


UNIDENTIFIED = "unidentified"
GENERIC_TARGET_TYPES = {"Private Citizens"}


def is_fallback_date(rec: dict) -> bool:
    """True when the record's date is the extractor's fallback from the publication date."""
    rule = (rec.get("provenance") or {}).get("event_date") if isinstance(rec.get("provenance"), dict) else None
    return bool(rule and rule.startswith("fallback"))


def _low(value: Optional[str]) -> Optional[str]:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _radius(m: MentionView, s: FusionSettings) -> float:
    return _precision_radius(m.geo_precision, s)


def _precision_radius(geo_precision: Optional[int], s: FusionSettings) -> float:
    radius = s.place_radius_km.get(geo_precision or 3)
    return max(s.place_radius_km.values()) if radius is None else radius


def point(m: MentionView) -> tuple:
    """(lat, lon, geo_precision) of a mention placed at a point (a town or near one, with
    coordinates), else (None, None, None): all the place veto reads of it."""
    if m.place_level == "point" and m.lat is not None and m.lon is not None:
        return m.lat, m.lon, m.geo_precision
    return None, None, None


def too_far(a: MentionView, lat: Optional[float], lon: Optional[float], geo_precision: Optional[int],
            s: FusionSettings) -> bool:
    """Does ``veto`` keep ``a`` apart from a mention whose ``point(...)`` is (lat, lon,
    geo_precision) for being too far away? The place check of the veto, made without the other
    mention's view (a store reads points from its blocking index)."""
    far = too_far_from(a, s)
    return far is not None and far(lat, lon, geo_precision)


def too_far_from(a: MentionView, s: FusionSettings) -> Optional[Callable[[Any, Any, Any], bool]]:
    """``too_far`` for one mention against many points: a test of (lat, lon, geo_precision), or
    None when ``a`` has no point (the place veto then keeps it apart from none). Most points are
    decided by bounds on the distance, without the trigonometry: it is at least R |dlat| (a path
    must cross the latitudes between) and at most R (|dlat| + |dlon|) (along a meridian, then a
    parallel), in radians; a margin keeps rounding on the safe side of the limit."""
    if a.place_level != "point" or a.lat is None or a.lon is None:
        return None
    lat0, lon0, radius = a.lat, a.lon, _radius(a, s)
    limits: dict = {}
    per_degree = EARTH_RADIUS_KM * math.pi / 180.0

    def far(lat, lon, geo_precision) -> bool:
        if lat is None or lon is None:
            return False
        limit = limits.get(geo_precision)
        if limit is None:
            limit = limits[geo_precision] = s.place_veto_factor * max(radius, _precision_radius(geo_precision, s))
        dlat = abs(lat - lat0)
        if dlat * per_degree > limit * 1.001:
            return True
        if (dlat + abs(lon - lon0)) * per_degree < limit * 0.999:
            return False
        return haversine_km(lat0, lon0, lat, lon) > limit
    return far


def _same_day_and_place(a: MentionView, b: MentionView) -> bool:
    """Both told to the day, the same day (give or take one), in the same town (ACLED's unit: one event per
    location and day), and of one type family."""
    # A day apart is still the same day told from two time zones or after midnight.
    if not (a.precision == b.precision == "day" and abs((a.date_lo - b.date_lo).days) <= 1):
        return False
    if not (a.location and a.location == b.location and a.geo_precision in (1, 2) and b.geo_precision in (1, 2)):
        return False
    fam = type_families()
    return bool(a.event_type and fam.get(a.event_type) == fam.get(b.event_type or ""))


# The checks ``veto`` makes, in order: every merge records that each of them passed.
VETO_CHECKS = ("kind", "document", "target", "country", "admin1", "place", "date", "type")


def veto(a: MentionView, b: MentionView, s: FusionSettings) -> Optional[str]:
    """Why a and b cannot be the same incident, or None when they might be.

    These are hard: fusion is complete linkage, so a mention joins a fused event only when no
    member vetoes it, and no score or number of agreeing members overrides a veto. The unit is
    ACLED's: one incident, one location-day (windows follow the date precision).
    """
    if a.kind != b.kind:
        return "kind"
    if s.one_mention_per_document and a.doc_id == b.doc_id:
        if not (s.vague_mentions_join_own_document and (a.vague or b.vague)) and not (
                s.same_day_and_place_join_own_document and _same_day_and_place(a, b)):
            return "same document"
        # The extractor told these apart by their targets (the Russian embassy, a hotel): one
        # article's two targets are two incidents, however vague their dates.
        if a.target and b.target and not (a.generic_target or b.generic_target) \
                and _target_sim(a.target, b.target) < s.same_document_target_similarity:
            return "same document, other target"
    if a.target_raw and b.target_raw and _other_state_targets(a.target_raw, b.target_raw):
        # Two countries' embassies or diplomats are two incidents, whatever else they share.
        return "other target"
    if _other_named_targets(a, b, s):
        return "other named target"
    if a.country and b.country and a.country != b.country:
        return "country"
    if a.admin1 and b.admin1 and a.admin1 != b.admin1 and _admin1_known(a) and _admin1_known(b):
        return "admin1"
    # Only places below the country can be too far apart: a country centroid is no place.
    if a.place_level == "point" and b.place_level == "point" and None not in (a.lat, a.lon, b.lat, b.lon):
        limit = s.place_veto_factor * max(_radius(a, s), _radius(b, s))
        if haversine_km(a.lat, a.lon, b.lat, b.lon) > limit:
            return "place"
    if a.date_lo and b.date_lo:
        if a.precision == b.precision == "day" and not (a.date_is_fallback or b.date_is_fallback):
            # Both told to the day: the same day, or the next (a night attack, a claim the day after).
            if abs((a.date_lo - b.date_lo).days) > s.day_gap_days:
                return "date"
        elif a.date_is_fallback and b.date_is_fallback:
            # Neither tells its date: each is news of its article's days, so articles published
            # days apart tell two incidents (the same one is joined through a dated report).
            if abs((a.date_lo - b.date_lo).days) > s.day_gap_days:
                return "date"
        else:
            slack = timedelta(days=s.date_slack_days)
            if a.date_lo > b.date_hi + slack or b.date_lo > a.date_hi + slack:
                return "date"
    else:
        # An undated report is about recent news: never about a date long before its article.
        for undated, other in ((a, b), (b, a)):
            if undated.implied_lo and other.date_lo and (other.date_hi < undated.implied_lo
                                                         or other.date_lo > undated.implied_hi):
                if _same_named_target(undated, other) and (
                        other.date_hi >= undated.implied_hi - timedelta(days=s.named_target_lookback_days)):
                    continue   # "had also attacked the Turkish embassy": background of a known attack
                return "date"
    if a.event_type and b.event_type and a.event_type != b.event_type:
        fam = type_families()
        if fam.get(a.event_type) != fam.get(b.event_type):
            return "type"
    return None


def _admin1_known(m: MentionView) -> bool:
    """The first-level region is read from the text or a town's, not a country's centroid."""
    return m.geo_precision in (1, 2) or (m.place_level == "admin1")


def _other_named_targets(a: MentionView, b: MentionView, s: FusionSettings) -> bool:
    """Both name their targets ("the Marigold Hotel", "Herat University", "Bani Qais village") and
    the names differ."""
    if not (_names_a_place(a) and _names_a_place(b)):
        return False
    na, nb = _proper_name(a), _proper_name(b)
    if not (na and nb):
        return False
    return fuzz.token_set_ratio(na, nb) / 100.0 < s.named_target_similarity


def _names_a_place(m: MentionView) -> bool:
    return m.names_a_place


def _names_a_place_of(m: MentionView) -> bool:
    """People in general ("31 people", "a crowd celebrating Independence Day") tell no incident from
    another; but people named by their place ("Bani Qais village", "Bani Qais villagers") are
    that place's, as a hotel's guests are the hotel's."""
    return not m.generic_target or _name_leads(m.target_raw or "")


LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _name_leads(target: str) -> bool:
    """The phrase is a name and at most one common noun after it ("Bani Qais village"), not a
    clause in which a name appears ("a crowd celebrating the Independence Day national holiday")."""
    words = LEADING_ARTICLE.sub("", target.strip("“”\"' ")).split()
    named = 0
    while named < len(words) and words[named][:1].isupper():
        named += 1
    return named >= 1 and len(words) - named <= 1


def _proper_name(m: MentionView) -> Optional[str]:
    return m.proper_name


def _proper_name_of(m: MentionView) -> Optional[str]:
    """A target's own name ("marigold hotel", "sayed ul-abrar school"): at least two capitalised
    words once the place names are taken out. "Kandahar mosque" or "a Shiite mosque" name a kind
    of place, not one place."""
    name = m.target_name
    if not name:
        return None
    words = _without_place_names(name.split(), [p.split() for p in (m.location, m.admin1, m.country) if p])
    return " ".join(words) if len(words) >= 2 else None


def _without_place_names(words: list[str], places: list[list[str]]) -> list[str]:
    """``words`` less every whole place name in them. A place is taken out as a name, not word
    by word: the "Az" of "Az Zuhrah" district is no reason to shorten "Az Zubayr village"."""
    for place in sorted(places, key=len, reverse=True):
        n, out, i = len(place), [], 0
        while i < len(words):
            if words[i:i + n] == place:
                i += n
                continue
            out.append(words[i])
            i += 1
        words = out
    return words


StorySimilarity = Callable[[str, str], Optional[float]]


def components(a: MentionView, b: MentionView, s: FusionSettings,
               story: Optional[StorySimilarity] = None) -> dict[str, Optional[float]]:
    """Component similarities; None where either side does not know the field."""
    return {
        "date": _date_sim(a, b, s),
        "place": _place_sim(a, b, s),
        "type": _type_sim(a, b),
        "actors": _name_sim(" ".join(a.actors), " ".join(b.actors)) if a.actors and b.actors else None,
        "target": _target_sim(a.target, b.target) if a.target and b.target else None,
        "fatalities": _count_sim(a.fatalities, b.fatalities),
        "text": fuzz.token_set_ratio(a.text, b.text) / 100.0 if a.text and b.text else None,
        "story": _story_sim(a, b, s, story),
    }


def score(a: MentionView, b: MentionView, s: FusionSettings, story: Optional[StorySimilarity] = None) -> float:
    """Weighted mean of the components, unknown ones counting as ``s.unknown_similarity``."""
    parts = components(a, b, s, story)
    total = sum(s.weights.get(k, 0.0) for k in parts)
    got = sum(s.weights.get(k, 0.0) * (s.unknown_similarity if v is None else v) for k, v in parts.items())
    return got / total if total else 0.0


def _story_sim(a: MentionView, b: MentionView, s: FusionSettings,
               story: Optional[StorySimilarity]) -> Optional[float]:
    if story is None or not (a.doc_id and b.doc_id):
        return None
    cosine = story(a.doc_id, b.doc_id)
    return None if cosine is None else min(1.0, cosine / s.story_saturation)


# How much two overlapping dates say about identity, by the coarser precision of the two.
OVERLAP_EVIDENCE = {"day": 1.0, "week": 0.8, "month": 0.65, "year": 0.5}


def _date_sim(a: MentionView, b: MentionView, s: Optional[FusionSettings] = None) -> Optional[float]:
    if not (a.date_lo and b.date_lo):
        # An undated report is about recent news; the other's date falling in that window is
        # consistent with it, a little more than knowing nothing.
        for undated, other in ((a, b), (b, a)):
            if s and undated.implied_lo and other.date_lo and \
                    undated.implied_lo <= other.date_hi and other.date_lo <= undated.implied_hi:
                return s.undated_in_window_similarity
        return None
    if a.precision == b.precision == "day":
        gap = abs((a.date_lo - b.date_lo).days)
        return {0: 1.0, 1: 0.8, 2: 0.6}.get(gap, 0.3)
    overlap = a.date_lo <= b.date_hi and b.date_lo <= a.date_hi
    if not overlap:
        return 0.4
    coarse = max(a.precision or "year", b.precision or "year", key=lambda p: PRECISION_RANK.get(p, 4))
    value = OVERLAP_EVIDENCE.get(coarse, 0.5)
    # A publication-date fallback is consistent with the other date, not a second witness of it.
    return min(value, 0.7) if (a.date_is_fallback or b.date_is_fallback) else value


def _place_sim(a: MentionView, b: MentionView, s: FusionSettings) -> Optional[float]:
    if a.location and b.location and fuzz.ratio(a.location, b.location) >= 85:
        return 1.0
    la, lb = a.place_level, b.place_level
    if "none" in (la, lb):
        return None
    if "country" in (la, lb):
        # A country-level report is consistent with any place in that country (the veto has
        # already checked the country): weak evidence, not a mismatch.
        return s.same_country_similarity
    if la == lb == "point" and None not in (a.lat, a.lon, b.lat, b.lon):
        dist = haversine_km(a.lat, a.lon, b.lat, b.lon)
        radius = max(_radius(a, s), _radius(b, s))
        if dist <= radius:
            return 0.9 if dist <= radius / 3 else 0.75
        return 0.3
    if a.admin1 and b.admin1:
        return 0.8 if a.admin1 == b.admin1 else 0.2
    return None


def _type_sim(a: MentionView, b: MentionView) -> Optional[float]:
    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        return 1.0
    if not (a.event_type and b.event_type):
        return None
    if a.event_type == b.event_type:
        return 0.85
    fam = type_families()
    fa, fb = fam.get(a.event_type), fam.get(b.event_type)
    return 0.65 if fa and fa == fb else 0.1


TARGET_NOISE = re.compile(r"[“”\"'‘’]|\b(?:the|a|an|another)\b", re.I)


@lru_cache(maxsize=1 << 16)
def _target_sim(x: str, y: str) -> float:
    """Names of targets; the Turkish and the Pakistani embassy are two targets, not one."""
    from ..extract.actors import find_states
    states_x = {c for _, _, c in find_states(x.title())}
    states_y = {c for _, _, c in find_states(y.title())}
    if states_x and states_y and not states_x & states_y:
        return 0.0
    # Quotes and articles say nothing: "the “Marigold Hotel”" and "a hotel" name one kind of place.
    x, y = (" ".join(TARGET_NOISE.sub(" ", v).split()) or v for v in (x, y))
    return _name_sim(x, y)


DIPLOMATIC_HEADS = re.compile(r"\b(?:embass(?:y|ies)|consulates?|diplomats?|ambassadors?|charg[eé] d.affaires?|envoys?)\b", re.I)
NAME_WORD = re.compile(r"(?<![.!?]\s)\b[A-Z][\w’'-]+")


@lru_cache(maxsize=1 << 16)
def _states(target: str) -> frozenset[str]:
    from ..extract.actors import find_states
    return frozenset(c for _, _, c in find_states(target))


@lru_cache(maxsize=1 << 16)
def _diplomatic(target: str) -> bool:
    return DIPLOMATIC_HEADS.search(target) is not None


def _other_state_targets(x: str, y: str) -> bool:
    """Both targets are diplomatic and belong to different countries."""
    if not (_diplomatic(x) and _diplomatic(y)):
        return False
    sx, sy = _states(x), _states(y)
    return bool(sx and sy and not sx & sy)


def _target_name(target: str) -> Optional[str]:
    """The capitalised words of a target ("turkish embassy", "marigold hotel"), None without any."""
    words = [w for w in NAME_WORD.findall(target.strip("“”\"' ")) if w.lower() not in ("the", "a", "an")]
    return " ".join(words).lower() or None


def _same_named_target(a: MentionView, b: MentionView) -> bool:
    na, nb = a.target_name, b.target_name
    if not (na and nb):
        return False
    if _states(a.target_raw) and _states(a.target_raw) != _states(b.target_raw):
        return False
    return fuzz.token_set_ratio(a.target, b.target) >= 90


@lru_cache(maxsize=1 << 16)
def _name_sim(x: Optional[str], y: Optional[str]) -> float:
    return max(fuzz.token_set_ratio(x, y), fuzz.partial_ratio(x, y) if min(len(x), len(y)) >= 4 else 0) / 100.0


def _count_sim(x: Optional[int], y: Optional[int]) -> Optional[float]:
    if x is None or y is None:
        return None
    if x == y:
        return 1.0
    # Tolls grow as bodies are found; far apart figures are still weak evidence against identity.
    return 0.6 if min(x, y) / max(x, y) >= 0.5 else 0.3
