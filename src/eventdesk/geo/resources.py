"""The geo stage's data files (src/eventdesk/data/geo_*), each loaded once."""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

import yaml

from .names import fold


def data_text(filename: str) -> str:
    return resources.files("eventdesk").joinpath("data", filename).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_yaml(filename: str):
    return yaml.safe_load(data_text(filename)) or {}


def load_aliases() -> dict:
    return load_yaml("geo_aliases.yaml")


@lru_cache(maxsize=None)
def load_admin1_display_names() -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin1 name) -> the ACLED/GTD spelling."""
    lines = [ln for ln in data_text("geo_admin1_names.csv").splitlines() if not ln.startswith("#")]
    return {(r["country_code"], r["geonames_name"]): r["display_name"]
            for r in csv.DictReader(io.StringIO("\n".join(lines)))}


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Folded words that are place names somewhere but, capitalized in news prose, rarely mean one."""
    words = load_yaml("geo_stopwords.yaml").get("words", "").split(",")
    return frozenset(fold(w) for w in words if w.strip())


@lru_cache(maxsize=None)
def demonyms() -> dict[str, str]:
    """Folded demonym/adjective ("afghan", "chinese") -> ISO country code."""
    table = load_yaml("geo_demonyms.yaml").get("demonyms", {})
    return {fold(word): cc for cc, words in table.items() for word in words}


@lru_cache(maxsize=None)
def cues() -> dict:
    return load_yaml("geo_cues.yaml")


def data_digest() -> str:
    """A short digest of the data files the index is built from (part of its version)."""
    import hashlib

    h = hashlib.sha1()
    for name in ("geo_aliases.yaml", "geo_admin1_names.csv"):
        h.update(data_text(name).encode("utf-8"))
    return h.hexdigest()[:10]
