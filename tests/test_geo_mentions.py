"""Place-name mentions: which capitalized words name a place (sentences written for these tests)."""
from eventdesk.geo import find_places, person_mentions


def names(text):
    return {text[s:e]: {(p.kind, p.country_code) for p in places} for s, e, places in find_places(text)}


def test_town_name_inside_a_persons_name_is_no_place():
    found = names("Gunmen killed Mullah Abdul Bari and wounded Senator Aldo Davila near the palace.")
    assert not any(kind == "city" for kinds in found.values() for kind, _ in kinds)


def test_first_word_of_an_unlisted_village_is_no_town():
    found = names("Fighters stormed a police post in Dashti Qala district of Takhar province.")
    assert "Dashti" not in found
    assert ("admin1", "AF") in found["Takhar"]


def test_town_after_an_article_inside_a_longer_name():
    found = names("Gunmen torched wheat fields near Ras al Ain, al-Hasakeh, last week.")
    assert "Ain" not in found
    assert ("admin1", "SY") in found["al-Hasakeh"]


def test_kind_words_and_hyphenated_compounds_keep_the_place():
    found = names("Bandits abducted two farmers in Faskari LGA (Katsina) overnight.")
    assert ("city", "NG") in found["Faskari"]
    found = names("Farmers blocked the Kahnuj-Ghale Ganj highway on Monday.")
    assert ("city", "IR") in found["Kahnuj"]


def test_facility_after_a_city_keeps_the_city():
    found = names("A blast hit the gate of Kabul University.")
    assert ("city", "AF") in found["Kabul"]


def test_short_alternate_names_of_foreign_towns_are_ignored():
    found = names("Gunmen attacked a checkpoint near Man in western Ivory Coast.")
    assert ("city", "JO") not in found["Man"]          # GeoNames lists "Man" among Amman's names
    assert ("city", "CI") in found["Man"]


def test_district_code_before_a_city_keeps_the_city():
    found = names("A blast hit a mosque in PD4 Kabul on Friday.")
    assert ("city", "AF") in found["Kabul"]


def test_province_name_inside_a_longer_name_is_no_place():
    found = names("Police seized rifles in Parque Santa Rita neighborhood on Tuesday.")
    assert not found.get("Santa Rita")


def test_a_name_joined_by_ezafe_is_one_unknown_name_not_its_first_word():
    assert find_places("A bomb went off in Dasht-e-Barchi on Friday.") == []


def test_a_name_after_a_persons_title_is_no_town():
    found = names("Mr Whitelaw and Lord Carrington met Gen. Dostum in Kabul.")
    assert set(found) == {"Kabul"}


def test_title_and_name_together_can_still_be_a_place():
    found = names("Troops landed in General Santos on Tuesday.")
    assert ("city", "PH") in found["General Santos"]


def test_a_street_named_after_a_town_is_not_in_that_town():
    found = names("A taxi driver was shot outside his house in Deerpark Road, Belfast.")
    assert "Deerpark" not in found and ("city", "GB") in found["Belfast"]


def test_common_words_of_a_title_case_headline_are_no_towns():
    found = names("After Lorry Attack in Nice, Symbol of Summer Turned Into Scene of Grief")
    assert set(found) == {"Nice"}


def test_quarters_and_streets_of_a_town_are_named_by_the_words_after_them():
    from eventdesk.geo import find_quarters
    assert find_quarters("A grenade was thrown at a patrol in the Tarkhan Bazaar area of the city.") \
        == {"tarkhan bazaar"}
    assert find_quarters("Two men were shot in Mill Hill Road, in the Westgate district.") \
        == {"mill hill road", "westgate"}
    # lower-case corpora, truecased: a capitalized quarter word names the one before it
    assert find_quarters("mobs clashed near the sindhi Chowk area at night") == {"sindhi chowk"}


def test_whose_quarter_it_is_or_a_common_noun_names_no_quarter():
    from eventdesk.geo import find_quarters
    assert find_quarters("The blast hit a Shiite neighbourhood and a residential area.") == frozenset()
    assert find_quarters("Residential area near the border was shelled.") == frozenset()
    assert find_quarters("Police patrolled the Main Road after a crowded market was bombed.") == frozenset()


def test_a_surname_told_after_a_titled_name_is_a_person_everywhere():
    text = ("Air strikes rose during President Barack Obama's two terms. Obama withdrew most "
            "troops in 2014, and Gen. Abdul Rashid Dostum said the Obama administration erred.")
    named = {text[a:b] for a, b in person_mentions(text)}
    assert named == {"President", "Barack", "Obama", "Gen", "Abdul", "Rashid", "Dostum"}


def test_a_given_name_told_alone_after_the_full_name_is_a_person():
    text = ("The court heard from defense attorney Edward Hayden that the suspected bomber Dzhokhar "
            "Tsarnaev had dined with his friend. Hayden said Dzhokhar and his brother left early.")
    named = [text[a:b] for a, b in person_mentions(text)]
    assert named.count("Hayden") == 2 and named.count("Dzhokhar") == 2


def test_a_title_left_alone_by_its_masked_name_is_no_town():
    text = "Police Commissioner James O'Neill said on Sunday that the device had been defused."
    assert (text.index("Commissioner"), text.index("Commissioner") + len("Commissioner")) in person_mentions(text)


def test_wire_capitals_name_a_person_by_either_surname():
    text = "RAIDERS ATTACKED THE HOME OF ASSEMBLY PRESIDENT RICARDO ALVARENGA VALDIVIESO. ALVARENGA WAS UNHURT."
    assert [text[a:b] for a, b in person_mentions(text)].count("ALVARENGA") == 2


def test_a_country_after_a_title_stays_a_place():
    assert person_mentions("President Kenya said nothing. Mr Hollings left.") and \
        all("Kenya" not in "President Kenya said nothing. Mr Hollings left."[a:b]
            for a, b in person_mentions("President Kenya said nothing. Mr Hollings left."))


def test_a_town_named_with_its_event_is_the_town():
    text = "Two bombs were detonated at the Boston Marathon in 2013, and bombing suspect Dzhokhar fled."
    named = [text[a:b] for a, b, _ in find_places(text)]
    assert named == ["Boston"]


def test_a_divisions_adjective_is_not_the_division():
    text = "Gunmen seized hostages in the Dagestani towns of Budennovsk and Kizlyar."
    assert [text[a:b] for a, b, _ in find_places(text)] == ["Budennovsk", "Kizlyar"]


def test_the_streets_of_a_crossing_are_no_towns():
    assert find_places("He was in the middle of the riot at Church and Snyder in his district.") == []
    text = "Crowds gathered at Flatbush and Nostrand avenues in Brooklyn."
    assert [text[a:b] for a, b, _ in find_places(text)] == ["Brooklyn"]
    text = "Clashes broke out at Kandahar and Herat on Friday."
    assert [text[a:b] for a, b, _ in find_places(text)] == ["Kandahar", "Herat"]


def test_a_quarter_named_by_a_common_noun_in_a_caseless_text():
    from eventdesk.geo.mentions import find_quarters
    text = "A man was killed in the markets area, and troops sealed the whole area and the city area."
    assert find_quarters(text, caseless=True) == {"markets"}
    assert find_quarters(text) == frozenset()


def test_an_institution_named_after_its_building_is_no_town():
    found = names("The White House and the Office of the Press Secretary condemned the attack in Bagram.")
    assert "White House" not in found and "Secretary" not in found and "Bagram" in found
