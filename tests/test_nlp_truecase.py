"""The cased view of a caseless text: same length, names and sentence starts capitalised."""
import eventdesk
from eventdesk.nlp.truecase import restore_evidence, truecase

RIOT = ("vadodara: violence spread to several towns of gujarat on tuesday. a mob set fire to shops "
        "in the market area of godhra and the police opened fire, killing two persons. in surat, "
        "three persons were stabbed on monday night. the state will send more police to anand and "
        "borsad, officials in new delhi said. curfew was imposed in march last year too. "
        "the bjp and the vhp condemned the killings.")

WIRE = ("SAN SALVADOR, 12 NOV 89 (RADIO VENCEREMOS) -- [TEXT] FMLN URBAN COMMANDOS ATTACKED THE\n"
        "NATIONAL POLICE HEADQUARTERS IN SOYAPANGO AT 2300 ON 11 NOVEMBER, KILLING\n"
        "FOUR POLICEMEN. THE SALVADORAN ARMY SAID THE ATTACKERS FLED TOWARD\n"
        "SAN MIGUEL. (PCCH) WILL NOT BE INVOLVED, THE ARMY SAID.")


def test_the_view_has_the_same_length_and_letters():
    for text in (RIOT, WIRE):
        view = truecase(text)
        assert len(view) == len(text) and view != text
        assert all(a.lower() == b.lower() or (a == "\n" and b == " ") for a, b in zip(text, view))


def test_ordinary_text_is_returned_unchanged():
    text = "Gunmen attacked a police post in Kabul on Monday, killing two officers."
    assert truecase(text) is text


def test_a_lower_case_riot_report_gets_its_names_and_sentence_starts():
    view = truecase(RIOT)
    for name in ("Vadodara:", "Gujarat on Tuesday", "of Godhra", "In Surat", "Monday night", "Anand and",
                 "Borsad", "New Delhi", "The state", "BJP", "VHP", "A mob", "March last year"):
        assert name in view, name
    # common words that are also towns somewhere stay in lower case
    for word in (" police ", " will ", " mob ", " market ", " officials "):
        assert word in view, word


def test_a_wire_story_in_capitals_gets_names_acronyms_and_joined_lines():
    view = truecase(WIRE)
    assert view.startswith("San Salvador, 12 Nov 89")
    for name in ("FMLN urban commandos attacked the", "in Soyapango at 2300 on 11 November", "The Salvadoran army",
                 "San Miguel", "(PCCH)", "killing four policemen"):
        assert name in view, name
    assert "\n" not in view.split("\n\n")[0]


def test_evidence_quotes_the_original_text():
    class E:
        def __init__(self, s, e):
            self.start, self.end, self.text = s, e, "x"

    class Ev:
        evidence = [E(0, 8)]

    (ev,) = restore_evidence([Ev()], RIOT)
    assert ev.evidence[0].text == "vadodara"


def test_a_lower_case_report_of_a_mob_attack_is_placed_in_india_in_its_town():
    text = ("ahmedabad: a mob attacked a police station in godhra on monday night and set fire to two "
            "vehicles, police said. three persons were injured when the police opened fire to disperse "
            "the rioters. the situation in the town was tense but under control on tuesday.")
    events = eventdesk.extract(text, published="2002-03-05", doc_id="t1")
    assert events
    ev = events[0]
    assert ev.country == "India" and ev.location == "Godhra"
    for e in ev.evidence:
        assert e.text == text[e.start:e.end]


def test_an_upper_case_wire_story_is_placed_in_el_salvador():
    events = eventdesk.extract(WIRE, published="1989-11-12", doc_id="t2")
    assert events
    assert events[0].country == "El Salvador"
    assert any(e.text == WIRE[e.start:e.end] and e.text.isupper() for e in events[0].evidence)


def test_actor_names_are_capitalised_though_a_place_shares_their_name():
    view = truecase("a roadside bomb hit a bus near kandahar on sunday. the taliban claimed the attack, "
                    "and police blamed the islamic state of iraq and the levant for another.")
    assert "The Taliban claimed" in view
    assert "the Islamic State of Iraq and the Levant" in view


def test_a_name_with_an_apostrophe_or_a_spaced_dash_is_capitalised_whole():
    view = truecase("troops clashed with the new people's army in samar. officials blamed the "
                    "communist party of india - maoist for the ambush in bijapur.")
    assert "New People's Army" in view and "Communist Party of India - Maoist" in view


def test_a_claim_in_a_lower_case_report_names_its_group():
    text = ("kabul: a bomb hidden in a cart exploded near a mosque in jalalabad on friday, killing "
            "four worshippers, officials said. the taliban claimed responsibility for the blast.")
    events = eventdesk.extract(text, published="2021-05-08", doc_id="t3")
    assert events and events[0].actor1 == "Taliban"


def test_abbreviated_months_and_ordinal_days_read_as_dates():
    view = truecase("the embassy was attacked on 21st april 2022. a second raid followed on feb. 14, 2023.")
    assert "21st April 2022" in view and "Feb. 14, 2023" in view


def test_a_blank_line_ends_a_paragraph_of_a_lower_case_text():
    from eventdesk.nlp.segment import sentences
    text = ("attacks have risen since 2021\n\nearlier this year, two governors were killed by suicide "
            "bombers in balkh and badakhshan. the group claimed both attacks.")
    first, second = sentences(truecase(text))[:2]
    assert first.text == "attacks have risen since 2021".capitalize() and first.block != second.block
