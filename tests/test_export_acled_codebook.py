"""The ACLED columns eventdesk fills from what it knows, checked against the codebook's rules:
source_scale from the outlets (ACLED's scale names, combined in ACLED's order), tags only from
the event's own fields, timestamp the event's last update in the store (the same in every
export), disorder type per sub-event type, civilian targeting only where civilians are the
primary target, state forces abroad as external forces; columns eventdesk cannot know stay empty."""
import csv
import io
import itertools

import pytest
import yaml
from importlib import resources

from eventdesk.export import acled_row, write
from eventdesk.export.codes import outlet_scale, source_scale
from eventdesk.model import Document
from eventdesk.store import Store
from eventdesk.store import store as store_module
from test_store_ingest import docs
from test_store_toy_extractor import extract

# source_scale values found in ACLED's data: one scale, or two joined in this order.
ACLED_SCALES = ("Local partner", "Other", "New media", "Subnational", "National", "Regional", "International")
ACLED_SCALE_VALUES = set(ACLED_SCALES) | {f"{a}-{b}" for a, b in itertools.combinations(ACLED_SCALES, 2)}
# The four disorder types of ACLED's codebook.
DISORDER_TYPES = {"Political violence", "Demonstrations", "Political violence; Demonstrations", "Strategic developments"}
TAXONOMY = yaml.safe_load(resources.files("eventdesk.data").joinpath("taxonomy.yaml").read_text("utf-8"))["event_types"]


def row(**event):
    return acled_row({"id": "EVD000000000001", **event}, lambda e: None)


@pytest.mark.parametrize("outlets, country, scale", [
    (["dawn.com"], "Pakistan", "National"),
    (["https://www.dawn.com/news/1"], "Pakistan", "National"),
    (["www.dawn.com", "Reuters"], "Pakistan", "National-International"),
    (["Reuters", "www.dawn.com"], "Pakistan", "National-International"),       # ACLED's order, not the outlets'
    (["edition.cnn.com"], "France", "International"),                           # a foreign outlet
    (["edition.cnn.com", "www.nytimes.com"], "United States", "National"),
    (["apnews.com", "aljazeera.com"], "Somalia", "International"),
    (["Sahel Courier"], "Mali", None),                                          # reach unknown: not guessed
    (["reuters.com", "Sahel Courier"], "Mali", None),                           # one unknown: the combination is too
    ([], "Mali", None),
    (["dawn.com"], None, None),                                                 # no country: national or not?
])
def test_source_scale_from_the_outlets(outlets, country, scale):
    assert source_scale(outlets, country) == scale
    assert scale is None or scale in ACLED_SCALE_VALUES
    assert row(outlets=outlets, country=country)["source_scale"] == scale


def test_every_listed_outlet_has_one_of_acleds_scales():
    table = yaml.safe_load(resources.files("eventdesk.data").joinpath("outlets.yaml").read_text("utf-8"))
    assert tuple(table["scale_order"]) == ACLED_SCALES
    for country, names in table["national"].items():
        for name in names:
            assert outlet_scale(name, country) == "National" and outlet_scale(name, "Atlantis") == "International"
    assert {outlet_scale(name, "Mali") for name in table["international"]} == {"International"}


def test_tags_only_from_the_events_own_fields():
    assert row(event_type="Protests", sub_event_type="Peaceful protest", crowd_size="large")["tags"] == \
        "crowd size=large"
    assert row(event_type="Riots", sub_event_type="Violent demonstration", crowd_size="around 200")["tags"] == \
        "crowd size=around 200"
    # No size read: empty, not ACLED's "crowd size=no report" (eventdesk did not look for one).
    assert row(event_type="Protests", sub_event_type="Peaceful protest")["tags"] is None
    assert row(event_type="Battles", sub_event_type="Armed clash", crowd_size="large")["tags"] is None


def test_what_eventdesk_cannot_know_stays_empty():
    event = row(actor1="Taliban", actor2="Military Forces of Afghanistan (2021-)", country="Afghanistan",
                event_type="Battles", sub_event_type="Armed clash", latitude=34.5, longitude=69.2, geo_precision=1)
    assert (event["assoc_actor_1"], event["assoc_actor_2"], event["admin3"]) == (None, None, None)


@pytest.mark.parametrize("etype, sub", [(t, s) for t, subs in TAXONOMY.items() for s in subs])
def test_every_sub_event_type_has_acleds_disorder_type(etype, sub):
    disorder = row(event_type=etype, sub_event_type=sub)["disorder_type"]
    assert disorder in DISORDER_TYPES
    if sub in ("Mob violence", "Excessive force against protesters"):
        assert disorder == "Political violence; Demonstrations"
    elif etype in ("Protests", "Riots"):
        assert disorder == "Demonstrations"
    elif etype == "Strategic developments":
        assert disorder == "Strategic developments"
    else:
        assert disorder == "Political violence"


@pytest.mark.parametrize("event, targeted", [
    ({"event_type": "Violence against civilians", "sub_event_type": "Attack", "actor1": "Taliban"}, True),
    ({"event_type": "Violence against civilians", "sub_event_type": "Abduction/forced disappearance",
      "actor1": "Boko Haram"}, True),
    ({"event_type": "Protests", "sub_event_type": "Excessive force against protesters",
      "actor1": "Police Forces of Kenya (2022-)", "actor2": "Protesters (Kenya)"}, True),
    ({"event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb", "actor1": "Al Shabaab",
      "target_type": "Private Citizens"}, True),                              # actor 2: Civilians (Somalia)
    ({"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
      "actor1": "Al Shabaab", "actor2": "Military Forces of Somalia (2022-)"}, False),
    ({"event_type": "Riots", "sub_event_type": "Mob violence", "actor1": "Rioters (Somalia)",
      "actor2": "Civilians (Somalia)"}, True),
    ({"event_type": "Riots", "sub_event_type": "Violent demonstration", "actor1": "Rioters (Somalia)"}, False),
    ({"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Al Shabaab",
      "actor2": "Civilians (Somalia)"}, False),                               # civilians are never an armed side
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Somalia)"}, False),
    ({"event_type": "Strategic developments", "sub_event_type": "Arrests", "actor1": "Police Forces of Somalia",
      "actor2": "Civilians (Somalia)"}, False),
])
def test_civilian_targeting_only_where_civilians_are_the_primary_target(event, targeted):
    coded = row(country="Somalia", **event)["civilian_targeting"]
    assert coded == ("Civilian targeting" if targeted else "")


@pytest.mark.parametrize("actor, country, inter", [
    ("Military Forces of the United States (2021-)", "Syria", 8),
    ("Military Forces of the United States (2021-)", "United States", 1),
    ("Police Forces of Kenya (2022-)", "Somalia", 8),
    ("Police Forces of Kenya (2022-)", "Kenya", 1),
    ("Military Forces of Russia (2000-)", "Ukraine", 8),
])
def test_state_forces_abroad_are_external_forces(actor, country, inter):
    event = row(actor1=actor, actor2="Islamic State (Syria)" if country == "Syria" else None, country=country,
                event_type="Battles", sub_event_type="Armed clash")
    assert event["inter1"] == inter
    assert event["interaction"] in (inter * 10, min(inter, 2) * 10 + max(inter, 2))


def exported_timestamps(events) -> dict[str, int]:
    out = io.StringIO()
    write(events, "csv", out, admin2=lambda e: None)
    return {r["event_id_cnty"]: int(r["timestamp"]) for r in csv.DictReader(io.StringIO(out.getvalue()))}


def test_timestamp_is_the_events_last_update_and_the_same_in_every_export(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "now_stamp", lambda: 1_700_000_000)
    with Store(str(tmp_path / "s.db")) as store:
        store.ingest(docs(["wire-1", "radio-3"]), extract)
        monkeypatch.setattr(store_module, "now_stamp", lambda: 1_700_000_500)
        first = exported_timestamps(store.events(kind=None))
        assert set(first.values()) == {1_700_000_000}
        assert exported_timestamps(store.events(kind=None)) == first
        store.ingest(docs(["paper-2"]), extract)          # a second report of the Kandahar attack
        (kandahar,) = store.events(admin1="Kandahar")
        again = exported_timestamps(store.events(kind=None))
    changed = {k for k in again if again[k] != first.get(k)}
    assert len(changed) == 1 and again[changed.pop()] == kandahar["updated"] == 1_700_000_500
    # An explicit timestamp still sets every row (reproducible files).
    out = io.StringIO()
    write([kandahar], "csv", out, admin2=lambda e: None, timestamp=5)
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["timestamp"] == "5"
