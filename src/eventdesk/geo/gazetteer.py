"""The gazetteer: place names -> places, read from a prebuilt SQLite index.

The index lives under ``$EVENTDESK_CACHE`` (default ``~/.cache/eventdesk``) and is named by a
version that covers the index format and the alias data files, so an upgrade builds a new one.
Opening it costs a few milliseconds and a few MB: lookups go through SQLite's indexes.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .names import fold, skeleton

# Bump when the schema or the build logic changes: a new file name makes every install rebuild.
INDEX_FORMAT = 8


@dataclass
class Place:
    """One gazetteer entry."""

    name: str
    country: str
    country_code: str
    admin1: Optional[str]
    latitude: float
    longitude: float
    kind: str                 # "country" | "admin1" | "admin2" | "city"
    population: int = 0
    by_alias: bool = field(default=False, compare=False)   # found by a town's alternate name
    loose: bool = field(default=False, compare=False)      # found by its spelling skeleton only


def cache_dir() -> Path:
    return Path(os.environ.get("EVENTDESK_CACHE") or Path.home() / ".cache" / "eventdesk")


def index_version() -> str:
    from .resources import data_digest

    return f"{INDEX_FORMAT}-{data_digest()}"


def default_index_path() -> Path:
    return cache_dir() / f"gazetteer-v{index_version()}.sqlite"


def imported_index_path() -> Path:
    """Where ``eventdesk gazetteer import`` puts an index that includes a full GeoNames dump;
    when present, it is used instead of the packaged one."""
    return cache_dir() / f"gazetteer-imported-v{index_version()}.sqlite"


class Gazetteer:
    """Read-only access to an index file. Safe to share across threads (one connection each)."""

    _COLUMNS = ("p.name, c.name, p.country_code, p.admin1, p.latitude, p.longitude, p.kind, "
                "p.population")

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no gazetteer index at {self.path}; run `eventdesk gazetteer build`")
        self._local = threading.local()

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def _query(self, table: str, column: str, value: str) -> list[Place]:
        alias = ", n.alias" if table == "names" else ""
        rows = self._db.execute(
            f"SELECT {self._COLUMNS}{alias} FROM {table} n JOIN places p ON p.id = n.place_id "
            f"JOIN countries c ON c.code = p.country_code WHERE n.{column} = ?", (value,))
        return [Place(*row[:8], by_alias=bool(row[8]) if alias else False) for row in rows]

    @lru_cache(maxsize=50_000)
    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any listed spelling), most populous first."""
        key = fold(name)
        places = self._query("names", "key", key) if key else []
        return sorted(places, key=_rank)

    @lru_cache(maxsize=20_000)
    def lookup_abbreviation(self, text: str) -> list[Place]:
        """Places whose abbreviation is exactly ``text`` ("KPK", "UP"), case-sensitive."""
        return sorted(self._query("abbreviations", "text", text), key=_rank)

    @lru_cache(maxsize=20_000)
    def lookup_loose(self, name: str) -> list[Place]:
        """Larger places whose spelling skeleton matches ("Kondoz" -> Kunduz). A fallback only."""
        key = skeleton(name)
        if len(key) < 4:
            return []
        places = self._query("skeletons", "key", key)
        for p in places:
            p.loose = True
        return sorted(places, key=_rank)

    def country_name(self, code: str) -> Optional[str]:
        row = self._db.execute("SELECT name FROM countries WHERE code = ?", (code,)).fetchone()
        return row[0] if row else None

    def country_code(self, name: str) -> Optional[str]:
        row = self._db.execute("SELECT code FROM countries WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def capital(self, code: str) -> Optional[Place]:
        """The capital city of a country (GeoNames' country info), if the index has it."""
        row = self._db.execute("SELECT capital FROM countries WHERE code = ?", (code,)).fetchone()
        if not row or not row[0]:
            return None
        towns = [p for p in self.lookup(row[0]) if p.kind == "city" and p.country_code == code]
        return towns[0] if towns else None

    def countries(self, code: str) -> list[Place]:
        # Memoised: the places table has no (kind, country) index, and this is asked per event.
        # One scan reads every country's rows at once (in table order, as a query per country
        # returns them): a scan per country cost seconds per process.
        cache = self.__dict__.get("_countries")
        if cache is None:
            cache = {}
            rows = self._db.execute(
                f"SELECT {self._COLUMNS} FROM places p JOIN countries c ON c.code = p.country_code "
                "WHERE p.kind = 'country' ORDER BY p.id")
            for row in rows:
                cache.setdefault(row[2], []).append(Place(*row))
            self.__dict__["_countries"] = cache
        return list(cache.get(code, ()))

    def admin1(self, country_code: str, name: str) -> Optional[Place]:
        """The first-level division ``name`` of a country, if the index has it."""
        for place in self.lookup(name):
            if place.kind == "admin1" and place.country_code == country_code:
                return place
        return None

    def admin2_near(self, country_code: str, latitude: float, longitude: float, admin1: Optional[str] = None,
                    max_km: float = 100.0) -> Optional[Place]:
        """The second-level division (district) whose centre is nearest a point of this country,
        within ``max_km``; one of ``admin1``'s when the index knows its districts."""
        cache = self.__dict__.setdefault("_admin2", {})
        if country_code not in cache:
            rows = self._db.execute(
                f"SELECT {self._COLUMNS} FROM places p JOIN countries c ON c.code = p.country_code "
                "WHERE p.kind = 'admin2' AND p.country_code = ?", (country_code,))
            cache[country_code] = [Place(*row) for row in rows]
        places = cache[country_code]
        if admin1:
            inside = [p for p in places if p.admin1 and fold(p.admin1) == fold(admin1)]
            places = inside or places
        best = min(places, key=lambda p: _km(p.latitude, p.longitude, latitude, longitude), default=None)
        if best is None or _km(best.latitude, best.longitude, latitude, longitude) > max_km:
            return None
        return best

    def stats(self) -> dict[str, int]:
        rows = self._db.execute("SELECT kind, count(*) FROM places GROUP BY kind")
        out = dict(rows)
        out["names"] = self._db.execute("SELECT count(*) FROM names").fetchone()[0]
        return out

    def __hash__(self) -> int:        # lru_cache on methods keys on self
        return id(self)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from math import asin, cos, radians, sin, sqrt
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 12_742 * asin(sqrt(a))


_KIND_ORDER = {"country": 0, "admin1": 1, "admin2": 2, "city": 3}


def _rank(place: Place) -> tuple:
    return (_KIND_ORDER.get(place.kind, 4), -place.population)


_lock = threading.Lock()
_instance: Optional[Gazetteer] = None


def build_gazetteer(path: Optional[Path] = None, force: bool = False) -> Path:
    """Build the index from packaged GeoNames data (once; ``force`` rebuilds). Returns its path."""
    from .build import build_packaged

    path = Path(path) if path else default_index_path()
    if force or not path.exists():
        from ..feedback import notice
        notice(f"building the gazetteer index from the packaged GeoNames data into {path} "
               "(once; about 40 s)")
        count = build_packaged(path, index_version())
        notice(f"gazetteer index ready: {count} places")
    return path


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, building its index on first use if no one has yet."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                imported = imported_index_path()
                _instance = Gazetteer(imported if imported.exists() else build_gazetteer())
    return _instance


def import_geonames(dump: Path, alternate_names: Optional[Path] = None,
                    path: Optional[Path] = None, with_packaged: bool = True) -> Path:
    """Build an index of the packaged places plus a GeoNames dump (allCountries.txt, AF.txt)."""
    from .build import import_dump

    path = Path(path) if path else imported_index_path()
    import_dump(path, Path(dump), index_version(),
                Path(alternate_names) if alternate_names else None, with_packaged)
    use_gazetteer(None)
    return path


def use_gazetteer(gazetteer: Optional[Gazetteer]) -> None:
    """Make ``gazetteer`` the shared one (e.g. one imported from a full GeoNames dump)."""
    global _instance
    _instance = gazetteer
