"""The candidates stage alone: trigger sentences read into mentions; claims; the tally memory."""
from datetime import date

from eventdesk.extract.candidates import dated_clauses, find_candidates, unreal_at
from eventdesk.extract.engine import Mention   # (still importable from the engine)
from eventdesk.extract.reading import read_document
from eventdesk.extract.state import DocState
from eventdesk.model import Document

from extract_stage_fixtures import context, sentences_of, state_of


def test_a_trigger_sentence_becomes_one_event_mention_and_a_quiet_one_none():
    state = find_candidates(state_of("Gunmen killed two police officers in Peshawar on Monday.",
                                     "The weather was fine."), context())
    [m] = state.mentions
    assert isinstance(m, Mention) and m.kind == "event" and m.sentence.position == 0
    assert [t.family.name for t in m.triggers] == ["armed_attack"]
    assert m.casualties.fatalities == 2
    assert m.places == frozenset({"peshawar"})


def test_a_claim_is_kept_apart_and_a_pointing_back_mention_is_marked():
    state = find_candidates(state_of("Gunmen killed two police officers in Peshawar on Monday.",
                                     "The attack was claimed by the TTP."), context())
    [(sent, claim)] = state.claims
    assert sent.position == 1 and claim.name == "Tehrik-i-Taliban Pakistan"
    assert [m.anaphoric for m in state.mentions] == [False, True]


def test_a_denial_leaves_no_mention():
    state = find_candidates(state_of("The army denied that soldiers attacked the village.",
                                     "The weather was fine."), context())
    assert state.mentions == []


def test_a_tally_is_remembered_for_the_sentence_after_it():
    state = find_candidates(state_of("More than 50 bombings have taken place in the province this year.",
                                     "More than 330 people were killed in the attacks."), context())
    assert state.tally_at == (0, 0)
    assert state.mentions == []


def test_clauses_with_dates_of_their_own_are_read_apart():
    from eventdesk.time import find_dates

    [sent] = sentences_of("In April, militants fired rockets into Tajikistan, and in July two workers were shot dead.")
    parts = dated_clauses(sent, find_dates(sent.text, date(2023, 9, 1), offset=0), context())
    assert [p.text for p in parts] == ["In April, militants fired rockets into Tajikistan",
                                       "in July two workers were shot dead."]


def test_a_modal_after_a_threat_cue_keeps_the_threat_real():
    s = "Officials warned that Daesh will use a truck bomb against the ministry."
    assert not unreal_at(s, s.index("warned"), context(), threat=True)


def test_crowd_control_munitions_are_no_artillery_and_police_gunfire_is_an_attack():
    from eventdesk.extract.lexicon import lexicon
    lex = lexicon()
    families = lambda s: {t.family.name for t in lex.triggers(s)}
    assert "shelling" not in families("Police lobbed tear-gas shells and fired rubber bullets at the crowd.")
    assert "protest" in families("Police used tear-gas to disperse the crowd.")
    assert "armed_attack" in families("Police fired four rounds into the air to scatter the attackers.")
    assert families("Militants fired three mortar rounds at the base.") == {"shelling"}


def test_burning_alive_is_a_killing_not_property_destruction():
    from eventdesk.extract.casualties import parse_casualties
    from eventdesk.extract.lexicon import lexicon
    sentence = "At least eight persons were burnt alive in Kesarpura village."
    assert {t.family.name for t in lexicon().triggers(sentence)} == {"mob"}
    assert parse_casualties(sentence).fatalities == 8


def test_an_unlisted_village_is_a_place_of_its_own_but_a_quarter_is_its_towns():
    from eventdesk.extract.candidates import local_places
    assert "kesarpura" in local_places("Eight persons were burnt alive in Kesarpura village.")
    assert "compensa" not in local_places("A man was shot in Compensa neighborhood.")


def test_a_month_inside_a_date_is_no_march():
    # a caseless corpus, truecased by the reading stage: "march" the month is no protest march
    text = ("the city council met on monday, march 11, 2013 to approve the new budget. the mayor said "
            "the vote was close. officials said the plan would fund new schools and roads.")
    state = read_document(DocState(Document(id="t", text=text, published=date(2013, 3, 12))), context())
    assert find_candidates(state, context()).mentions == []
    text = text.replace("met on monday, march 11, 2013", "joined a march through the centre on monday")
    state = read_document(DocState(Document(id="t", text=text, published=date(2013, 3, 12))), context())
    assert [m.kind for m in find_candidates(state, context()).mentions] == ["event"]


def test_hostage_taking_heavy_fire_and_stone_throwing_are_read_in_any_wording():
    def families(text):
        state = find_candidates(state_of(text), context())
        return {t.family.name for m in state.mentions for t in m.triggers}

    assert "abduction" in families("Armed men seized dozens of hostages at a hospital in Kirkuk on Sunday.")
    assert "clash" in families("A police convoy came under heavy fire near Tal Afar on Tuesday.")
    assert "riot" in families("Youths were pelting police with stones in the old city of Srinagar.")
    # a minister who "came under fire" from critics is no clash
    assert families("The minister came under fire from critics in Kabul over the budget.") == set()


def test_a_threat_quoted_from_its_notice_is_a_threat_mention():
    state = find_candidates(state_of(
        'A note pinned to the door warned that the temple will be "blown up with a remote-controlled bomb" on Sunday.',
        'Residents spoke of a threat to "blow it up" during the service.'), context())
    assert [m.kind for m in state.mentions] == ["threat", "threat"]


def test_a_lead_recalling_an_earlier_event_is_read_apart_from_the_sentences_news():
    state = find_candidates(state_of(
        "Three days after the bombing in which 12 worshippers were killed at a mosque in Kohat, "
        "police arrested four men in Hangu on Saturday."), context())
    recalled, news = state.mentions
    assert recalled.sentence.text == "the bombing in which 12 worshippers were killed at a mosque in Kohat"
    assert recalled.casualties.fatalities == 12 and not recalled.new_incident
    assert news.sentence.text.startswith("police arrested four men") and news.new_incident
    assert not news.casualties.fatalities


def test_a_lead_whose_clause_goes_on_about_the_same_event_is_not_cut():
    state = find_candidates(state_of(
        "Days after the attack, which killed 12 worshippers in Kohat, the mosque reopened."), context())
    assert [m.sentence.text[:4] for m in state.mentions] == ["Days"]


def test_the_event_a_lead_recalls_is_dated_by_counting_back_from_the_news():
    state = find_candidates(state_of(
        "Three days after the bombing in which 12 worshippers were killed at a mosque in Kohat, "
        "hundreds of people protested in Peshawar on 10 March 2023."), context())
    recalled, news = state.mentions
    assert [d.value.isoformat() for d in recalled.dates if d.value] == ["2023-03-07"]
    assert [d.value.isoformat() for d in news.dates if d.value] == ["2023-03-10"]


def test_a_curfew_in_force_is_the_scene_and_its_imposing_the_event():
    scene = find_candidates(state_of("Shops stayed shut in the curfew-bound areas of the old city.",
                                     "Elsewhere in the towns where curfew has been in force, it was calm."), context())
    assert scene.mentions == []
    imposed = find_candidates(state_of("Authorities imposed an indefinite curfew on Borsad on Sunday."), context())
    assert [t.family.name for m in imposed.mentions for t in m.triggers] == ["group_change"]


def test_attacks_that_have_shot_up_are_a_trend_not_an_incident():
    state = find_candidates(state_of("In Afghanistan, US air strikes have shot up since most troops "
                                     "were withdrawn, the monitoring group said."), context())
    assert state.mentions == []


def test_a_question_about_a_toll_reports_no_incident():
    state = find_candidates(state_of("To a question on how many people were killed in police firing in "
                                     "Surat, he said that the toll on this count was only 13."), context())
    assert state.mentions == []


def test_a_tally_since_a_day_over_many_districts_is_no_days_incident():
    state = find_candidates(state_of("The minister said that of the 25 districts, 15 had remained calm "
                                     "while 37 people were killed in police firing since Friday night."), context())
    assert state.mentions == []


def test_each_item_of_two_incidents_told_one_by_one_is_an_incident_of_its_own():
    state = find_candidates(state_of(
        "He said only two major incidents took place on Saturday - one at Sardarpur where 27 people "
        "were burnt to death, and another at Dabhoi where an attack on a bakery left seven workmen dead."), context())
    assert len(state.mentions) == 2 and all(m.new_incident for m in state.mentions)
    assert [m.casualties.fatalities for m in state.mentions] == [27, 7]


def test_a_ceasefire_hoped_for_or_in_doubt_is_none_agreed():
    state = find_candidates(state_of("Any assistance to the rebels only reduces the possibility of a "
                                     "short-term cease-fire agreement, the minister said."), context())
    assert state.mentions == []
    agreed = find_candidates(state_of("The army and the rebels signed a ceasefire agreement in Juba on Monday."), context())
    assert [t.family.name for m in agreed.mentions for t in m.triggers][:1] == ["agreement"]


def test_an_exclamation_over_many_victims_is_no_incident():
    state = find_candidates(state_of("So many children have been maimed by bombs!"), context())
    assert state.mentions == []


def test_a_curfew_imposed_over_many_towns_is_a_tally_not_a_days_measure():
    state = find_candidates(state_of("Elsewhere in the 21 towns and cities of the state where curfew has "
                                     "been imposed, things were relatively quiet."), context())
    assert state.mentions == []


def test_a_contrast_sets_two_events_at_two_places_side_by_side():
    state = find_candidates(state_of(
        "While the army killed 12 militants in Peshawar on Monday, rival mobs fought pitched battles "
        "in Quetta."), context())
    assert len(state.mentions) == 2 and state.mentions[1].new_incident
    one = find_candidates(state_of("While six people were injured in police firing, 12 people were "
                                   "killed by the rioters on Monday."), context())
    assert len(one.mentions) == 1
