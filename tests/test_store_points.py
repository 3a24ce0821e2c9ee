"""Blocking reads each candidate's point (coordinates and geo precision of a mention placed at a
town) from its index, and the candidates the place veto keeps apart are never read: the links and
events are those of comparing every candidate, and an older store gets its points on upgrade."""
import json
import random
from datetime import date

from eventdesk.fuse import DEFAULT_SETTINGS, MentionView, veto
from eventdesk.fuse.similarity import haversine_km, point, too_far
from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store
from eventdesk.store import store as store_module
from eventdesk.store.migrations import POINTS_VERSION


def reports(n: int, seed: int = 4) -> list[tuple[Document, Event]]:
    """Reports in one country over a few days, at towns from a few km to a few hundred km apart
    (some near the veto's distance), at every geo precision, some without coordinates or town."""
    rng = random.Random(seed)
    towns = [(f"Town{k}", 34.0 + rng.uniform(-2.5, 2.5), 66.0 + rng.uniform(-2.5, 2.5)) for k in range(12)]
    out = []
    for k in range(n):
        town, lat, lon = rng.choice(towns)
        precision = rng.choice([1, 1, 1, 2, 2, 3, None])
        located = rng.random() > 0.1
        toll = rng.randrange(1, 9)
        sentence = f"Gunmen attacked a checkpoint in {town}, killing {toll} people."
        doc = Document(f"r{k:03d}", sentence, title=f"Attack in {town}", published=date(2022, 3, 3 + k % 4))
        out.append((doc, Event(doc_id=doc.id, event_date=f"2022-03-0{2 + k % 4}", date_precision="day",
                               event_type="Violence against civilians", country="Afghanistan",
                               location=town if rng.random() > 0.1 else None,
                               latitude=lat + rng.uniform(-0.2, 0.2) if located else None,
                               longitude=lon + rng.uniform(-0.2, 0.2) if located else None,
                               geo_precision=precision, fatalities=toll, confidence=0.7,
                               evidence=[Evidence(0, len(sentence), sentence, ["event"])])))
    return out


def ingest(path, pairs) -> Store:
    store = Store(str(path))
    by_id = {doc.id: ev for doc, ev in pairs}
    store.ingest([doc for doc, _ in pairs], lambda d: [by_id[d.id]])
    return store


def fused(store: Store) -> tuple[list, list]:
    events = sorted(json.dumps({k: v for k, v in e.items() if k != "updated"}, sort_keys=True)
                    for e in store.events(kind=None))
    links = [tuple(r) for r in store._all("SELECT a, b, score, detail FROM links ORDER BY a, b")]
    return events, links


def test_the_candidates_left_unread_change_no_link_and_no_event(tmp_path, monkeypatch):
    pairs = reports(80)
    with ingest(tmp_path / "points.db", pairs) as store:
        with_points = fused(store)
        store.rebuild()
        assert fused(store) == with_points   # a rebuild leaves the same candidates unread
    monkeypatch.setattr(store_module, "too_far_from", lambda *args: None)   # read every candidate
    with ingest(tmp_path / "all.db", pairs) as store:
        assert fused(store) == with_points
    assert len(with_points[1]) > 20 and 10 < len(with_points[0]) < 80


def test_a_candidate_too_far_away_is_not_read(tmp_path, monkeypatch):
    pairs = reports(60)
    with ingest(tmp_path / "s.db", pairs) as store:
        calls: list[list[str]] = []
        real = Store._views_for

        def views_for(self, ids):
            calls.append(list(ids))
            return real(self, calls[-1])

        monkeypatch.setattr(Store, "_views_for", views_for)
        doc, ev = next((d, e) for d, e in reports(100)[60:]   # one placed at a town
                       if e.location and e.geo_precision in (1, 2) and e.latitude is not None)
        store.add(doc, [ev])
        read = calls[0]   # the candidates fusion compares the new report with
        view = real(store, [f"{doc.id}#0"])[f"{doc.id}#0"]
        block = store._block(view)
        far = [m for m, *where in block if too_far(view, *where, store.settings)]
        assert len(far) > 5 and len(read) > 5
        assert read == [m for m, *_ in block if m not in far]


def test_migration_10_gives_an_older_store_its_points(store_url):
    pairs = reports(40)
    by_id = {doc.id: ev for doc, ev in pairs}
    with Store(store_url) as store:
        store.ingest([doc for doc, _ in pairs], lambda d: [by_id[d.id]])
        before = fused(store)
        expected = {r[0]: tuple(r[1:]) for r in store._all("SELECT id, point_lat, point_lon, point_precision "
                                                           "FROM mentions")}
        for sql in ("DROP INDEX mentions_window_points", "DROP INDEX mentions_window_points_any",
                    "CREATE INDEX mentions_window ON mentions (kind, country_key, win_class, win_lo, win_hi, id)",
                    "CREATE INDEX mentions_window_any ON mentions (kind, win_class, win_lo, win_hi, id)",
                    "ALTER TABLE mentions DROP COLUMN point_lat", "ALTER TABLE mentions DROP COLUMN point_lon",
                    "ALTER TABLE mentions DROP COLUMN point_precision"):
            store._exec(sql)
        store._exec("DELETE FROM schema_version WHERE version = ?", (POINTS_VERSION,))
    with Store(store_url) as store:
        got = {r[0]: tuple(r[1:]) for r in store._all("SELECT id, point_lat, point_lon, point_precision "
                                                      "FROM mentions")}
        assert got == expected and sum(p[0] is not None for p in got.values()) > 20
        assert all(got[m] == point(v) for m, v in store._views_for(list(got)).items())
        store.rebuild()
        assert fused(store) == before


def test_too_far_is_the_place_veto():
    """Points decided by the bounds on the distance and points measured agree with the veto,
    near the limit too, at every precision, across the date line and near a pole."""
    rng = random.Random(9)
    s = DEFAULT_SETTINGS

    def view(mid, lat, lon, precision, located=True):
        return MentionView.from_record(mid, {"doc_id": mid, "kind": "event", "country": "X",
                                             "location": "Town" if located else None, "latitude": lat,
                                             "longitude": lon, "geo_precision": precision})

    checked = near_limit = 0
    for k in range(6000):
        lat0 = rng.choice([rng.uniform(-60, 60), 89.5, -89.9])
        lon0 = rng.choice([rng.uniform(-180, 180), 179.9])
        a = view("a", lat0, lon0, rng.choice([1, 2]))
        spread = rng.choice([0.5, 1, 1.5, 2, 2.5, 4, 30])
        lat = max(-90.0, min(90.0, lat0 + rng.uniform(-spread, spread)))
        b = view("b", lat, lon0 + rng.uniform(-spread, spread), rng.choice([1, 2, 3, None]), rng.random() > 0.1)
        vetoed = veto(a, b, s) == "place"
        assert too_far(a, *point(b), s) == vetoed, (a, b)
        checked += 1
        if point(b)[0] is not None:
            limit = s.place_veto_factor * max(s.place_radius_km[a.geo_precision], s.place_radius_km[b.geo_precision])
            near_limit += abs(haversine_km(a.lat, a.lon, b.lat, b.lon) - limit) < 0.02 * limit
    assert near_limit > 20
    assert not too_far(view("a", 1.0, 1.0, 3), 40.0, 40.0, 1, s)   # no point of its own: never
