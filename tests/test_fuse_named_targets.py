"""Named targets: two reports that name different places are two incidents, even when the
target's people are the victims ("Ad Dawar village"); a crowd named by what it was doing, or a
headline's capitals, name no place."""
from eventdesk.fuse import DEFAULT_SETTINGS, MentionView, fuse_events, veto
from eventdesk.fuse.similarity import _proper_name
from eventdesk.model import Event, Evidence

HODEIDAH = dict(country="Yemen", admin1="Al Hudaydah", event_date="2020-05-05", date_precision="day",
                actor1="National Resistance Forces", actor2="Houthis (Ansar Allah)")
FACTORY = ("On 5 May 2020, National Resistance forces said they shelled Houthi fighters firing from the "
           "Al Yamani Dairy Factory in the east of Hodeidah city.")
FACTORY_AGAIN = ("Resistance artillery struck Houthi positions at the Al Yamani Dairy Factory in eastern "
                 "Hodeidah on 5 May 2020, the forces' media office said.")
VILLAGE = ("On 5 May 2020, coalition-backed National Resistance units pounded Ad Dawar village in Ad "
           "Durayhimi district, south of Hodeidah, with heavy weapons; no casualties were reported.")
CLASH = ("On 6 May 2020, the National Resistance said its units fought Houthi fighters east of "
         "Hodeidah city, killing two.")


def mention(doc, sentence, **fields):
    rec = dict(HODEIDAH, **fields)
    return Event(doc_id=doc, evidence=[Evidence(0, len(sentence), sentence, ["event"])], **rec)


def city(**fields):
    return dict(dict(location="Al Hudaydah", latitude=14.818, longitude=43.194, geo_precision=3), **fields)


def factory(doc, sentence=FACTORY):
    return mention(doc, sentence, **city(event_type="Explosions/Remote violence",
                                         sub_event_type="Shelling/artillery/missile attack",
                                         target="Al Yamani Dairy Factory", target_type="Business"))


def village(doc="village"):
    return mention(doc, VILLAGE, event_type="Battles", sub_event_type="Armed clash", location="Ad Durayhimi",
                   latitude=14.637, longitude=43.055, geo_precision=2, target="Ad Dawar village",
                   target_type="Private Citizens", actor2="Operation Restoring Hope")


def view(ev):
    return MentionView.from_record(f"{ev.doc_id}#0", ev.to_dict())


def test_a_named_village_and_a_named_factory_are_two_targets():
    assert veto(view(village()), view(factory("f1")), DEFAULT_SETTINGS) == "other named target"


def test_a_place_name_is_taken_out_whole_not_word_by_word():
    """The "Ad" of the Ad Durayhimi district is part of the village's own name."""
    assert _proper_name(view(village())) == "ad dawar"
    kabul = mention("k", "A bomb exploded at Kabul University.", country="Afghanistan", admin1="Kabul",
                    location="Kabul", target="Kabul University", target_type="Educational")
    assert _proper_name(view(kabul)) is None   # one word left: a kind of place in Kabul, no name


def test_a_crowd_named_by_its_occasion_or_a_headline_names_no_place():
    crowd = mention("c", "A van ploughed into a crowd marking the Festival of Lights in Nice.",
                    country="France", admin1="Provence-Alpes-Cote d'Azur", location="Nice",
                    event_type="Violence against civilians", target="a crowd marking the Festival of Lights",
                    target_type="Private Citizens")
    headline = mention("h", "Nice Truck Attack: what we know.", country="France",
                       admin1="Provence-Alpes-Cote d'Azur", location="Nice", event_type="Violence against civilians",
                       target="Truck Attack", target_type="Transportation")
    assert veto(view(crowd), view(headline), DEFAULT_SETTINGS) is None


def test_the_village_report_stays_out_of_the_factory_incident():
    """Three reports around the factory (one of the next day's clash, naming no target) and the
    village shelling, all in one province within a day: the village report bridged them into one
    event of four; it is kept apart now, and no event holds more than three reports."""
    events = [factory("f1"), factory("f2", FACTORY_AGAIN), village(),
              mention("clash", CLASH, **city(event_type="Battles", sub_event_type="Armed clash",
                                             event_date="2020-05-06", fatalities=2))]
    fused = fuse_events(events)
    docs = sorted(sorted(ev["doc_ids"]) for ev in fused)
    assert ["village"] in docs
    assert ["clash", "f1", "f2"] in docs or ["f1", "f2"] in docs
