"""Actor mentions, canonical names and claims (sentences written for these tests)."""
import pytest

from eventdesk.extract.actors import find_actors, find_attribution, find_claim, primary_actor


def names(text, hint=None):
    return [a.name for a in find_actors(text, country_hint=hint)]


@pytest.mark.parametrize("alias", ["IS-K", "ISKP", "ISIS-K", "ISIL-K", "IS-Khorasan", "ISIS-Khorasan",
                                   "Islamic State-Khurasan", "Islamic State Khorasan Province",
                                   "Islamic State in Iraq and the Levant-Khorasan"])
def test_khorasan_aliases(alias):
    assert names(f"Officials blamed {alias} for the blast.") == ["Islamic State Khorasan Province"]


@pytest.mark.parametrize("hint, expected", [
    ("Afghanistan", "Islamic State Khorasan Province"),
    ("Iraq", "Islamic State"),
    ("Nigeria", "Islamic State West Africa Province"),
    (None, "Islamic State"),
])
def test_generic_islamic_state_follows_country(hint, expected):
    assert names("Daesh fighters attacked a checkpoint.", hint) == [expected]
    assert names("An ISIS cell was dismantled.", hint) == [expected]


def test_acronyms_are_case_sensitive_and_whole_words():
    assert names("This is what the island residents said.") == ["Civilians"]
    assert names("The adf report was late.") == []
    assert names("ADF rebels raided a village.", "Democratic Republic of Congo") == ["ADF: Allied Democratic Forces"]


def test_pakistani_taliban_is_not_the_taliban():
    assert names("The Pakistani Taliban attacked a police post.", "Pakistan")[0] == "Tehrik-i-Taliban Pakistan"
    assert names("Tehreek-e-Taliban Pakistan (TTP) said so.") == ["Tehrik-i-Taliban Pakistan"] * 2
    assert names("Taliban security forces and the Islamic Emirate spokesman.") == ["Taliban", "Taliban"]


def test_state_forces_from_demonyms_and_hint():
    assert names("Afghan security forces pushed back the attack.") == ["Military Forces of Afghanistan"]
    assert names("Pakistani police sealed off the area.") == ["Police Forces of Pakistan"]
    assert names("The Indian Army and Nigerian troops.") == ["Military Forces of India", "Military Forces of Nigeria"]
    assert names("Security forces cordoned the market and the police arrested two men.", "Kenya") == [
        "Military Forces of Kenya", "Police Forces of Kenya"]


def test_protesters_rioters_unidentified():
    found = find_actors("Demonstrators marched to the ministry; later a mob torched a van.", country_hint="India")
    assert [(a.name, a.category) for a in found][:1] == [("Protesters (India)", "protesters")]
    assert "Rioters (India)" in [a.name for a in found]
    a = find_actors("Unidentified gunmen shot a teacher.", country_hint="Afghanistan")[0]
    assert (a.name, a.category) == ("Unidentified Armed Group (Afghanistan)", "unidentified")


def test_spans_carry_offset():
    text = "Witnesses said al-Shabab fighters stormed the hotel."
    a = find_actors(text, offset=50)[0]
    assert a.name == "Al Shabaab" and text[a.start - 50:a.end - 50] == a.text


def test_claims():
    c = find_claim("The Taliban claimed responsibility for Sunday's ambush.")
    assert c.name == "Taliban"
    c = find_claim("The bombing was claimed by Islamic State.", country_hint="Afghanistan")
    assert c.name == "Islamic State Khorasan Province"
    assert find_claim("Al-Shabaab said it carried out the attack.").name == "Al Shabaab"
    assert find_claim("No group has claimed responsibility for the blast.") is False
    assert find_claim("The blast shattered windows.") is None
    c = find_claim("The Northern Dawn Brigade claimed responsibility for the raid.")
    assert c.name == "Northern Dawn Brigade"


def test_attribution_and_primary_actor():
    text = ("Gunmen raided a checkpoint overnight. No group has claimed responsibility, though local "
            "elders attributed the assault to the Taliban.")
    claim, blamed = find_claim(text), find_attribution(text)
    assert claim is False and blamed.name == "Taliban"
    mentions = find_actors(text, country_hint="Afghanistan")
    assert primary_actor(mentions, claim, blamed).name == "Taliban"
    assert primary_actor(find_actors("Unidentified gunmen attacked a bus.", country_hint="Mali")).name == \
        "Unidentified Armed Group (Mali)"


def test_afghan_resistance_groups_are_known_by_name_and_acronym():
    from eventdesk.extract.actors import find_actors
    names = {a.name for a in find_actors("Taliban forces killed 40 fighters of the National Resistance Front (NRF).")}
    assert names == {"Taliban", "NRF: National Resistance Front of Afghanistan"}


def test_groups_of_other_regions_and_decades_are_known():
    named = lambda text: [a.name for a in find_actors(text) if a.category != "state"]
    assert named("ULFA rebels ambushed an army convoy near Tinsukia.") == ["ULFA: United Liberation Front of Asom"]
    assert named("Fighters of the West Papua National Liberation Army shot two workers.")[-1] == \
        "TPNPB: West Papua National Liberation Army"
    assert named("FMLN GUERRILLAS ATTACKED THE GARRISON AT DAWN.") == ["Farabundo Marti National Liberation Front (FMLN)"]
    # GTD's gname for the Provisionals' attacks is "Irish Republican Army (IRA)"
    assert named("The Provisional IRA claimed the car bomb.") == ["Irish Republican Army (IRA)"]


@pytest.mark.parametrize("text, expected", [
    ("Militants of Jaish-e-Mohammed stormed the camp.", "Jaish-e-Mohammed"),
    ("Jamaat-ul-Ahrar claimed the blast in Peshawar.", "Jamaat-ul-Ahrar"),
    ("Hizb-ul-Mujahideen fighters were killed in Shopian.", "Hizbul Mujahideen"),
    ("ULFA-I cadres fired on the camp.", "ULFA-I: United Liberation Front of Asom-Independent"),
    ("NSCN (K) rebels ambushed the patrol.", "NSCN-K: National Socialist Council of Nagaland (Khaplang)"),
    ("The Arakan Army seized the town.", "AA: Arakan Army"),
    ("A People's Defence Force unit burned the station.", "PDF: People's Defence Force"),
    ("MILF and MNLF leaders met.", "MILF: Moro Islamic Liberation Front"),
    ("Asaib Ahl al-Haq fired rockets.", "Asaib Ahl al Haq"),
    ("The IDF struck a house.", "Military Forces of Israel"),
    ("Fano militiamen clashed with the ENDF.", "Fano Militia"),
    ("Dozo hunters killed five herders.", "Dozo Communal Militia"),
    ("VDP auxiliaries repelled the raid.", "VDP: Volunteers for the Defense of the Homeland"),
    ("Mai-Mai militiamen looted the clinic.", "Mai-Mai Militia"),
    ("FDLR rebels abducted farmers.", "FDLR: Democratic Forces for the Liberation of Rwanda"),
    ("The 400 Mawozo gang kidnapped missionaries.", "400 Mawozo"),
    ("Clan del Golfo gunmen killed two soldiers.", "Clan del Golfo"),
    ("Sendero Luminoso guerrillas blew up a pylon.", "Shining Path (SL)"),
    ("Farabundo Marti National Liberation Front guerrillas attacked the garrison.",
     "Farabundo Marti National Liberation Front (FMLN)"),
    ("The Provisionals planted the bomb.", "Irish Republican Army (IRA)"),
    ("The Real IRA claimed it.", "Real Irish Republican Army (RIRA)"),
    ("Euskadi Ta Askatasuna killed a councillor.", "Basque Fatherland and Freedom (ETA)"),
    ("The Red Army Faction bombed a base.", "Red Army Faction (RAF)"),
    ("Tamil Tigers attacked the navy.", "Liberation Tigers of Tamil Eelam (LTTE)"),
    ("The M-19 seized the Palace of Justice.", "M-19 (Movement of April 19)"),
])
def test_more_groups_by_alias(text, expected):
    assert expected in names(text)


def test_colliding_short_forms_are_not_groups():
    assert names("He sent the PDF by email.") == []
    assert names("The RAF flew two sorties.") == []          # Royal Air Force, not the Red Army Faction
    assert names("The pros and contras of the plan.") == []
    assert names("The NSCN-IM and the NSCN split.") == [
        "NSCN-IM: National Socialist Council of Nagalim (Isak-Muivah)", "NSCN: National Socialist Council of Nagaland"]


def test_the_factored_name_pattern_matches_what_the_plain_alternation_matches():
    import re

    from eventdesk.extract.actors import _trie

    words = ["al shabaab", "al-shabaab", "al", "ansar al-sharia", "ansar", "boko haram", "b", "isis", "is",
             "islamic state", "islamic state khorasan", "da’esh", "défense", "Défense"]
    texts = ["Al  Shabaab and AL-SHABAAB fighters", "the Islamic State Khorasan Province and islamic states",
             "ansar al-sharia, Ansar and ansarul", "ISIS is B b. boko\nharam", "DA’ESH said", "DÉFENSE défense"]
    for ci in (True, False):
        plain = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
        plain_rx = re.compile(rf"(?<!\w)(?:{plain})(?!\w)", re.I if ci else 0)
        trie_rx = re.compile(rf"(?<!\w){_trie(words, ci=ci, spaces=True)}(?!\w)", re.I if ci else 0)
        for text in texts:
            assert [m.span() for m in trie_rx.finditer(text)] == [m.span() for m in plain_rx.finditer(text)]


def test_an_acronym_of_two_forces_names_the_one_of_the_documents_country():
    from eventdesk.extract.actors import find_actors
    [somali] = find_actors("The SNA recaptured the base on Friday.", 0, "Somalia")
    assert somali.name == "Military Forces of Somalia" and somali.category == "state"
    [syrian] = find_actors("The SNA shelled Kurdish positions near Manbij.", 0, "Syria")
    assert syrian.name == "Operation Peace Spring"
