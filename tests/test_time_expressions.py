"""Date expressions: absolute, relative, weekday, anaphoric and vague periods, on sentences of our own."""
from datetime import date

import pytest

from eventdesk.time import DateMention, ReferenceDate, find_dates, mention_date

REF = date(2023, 2, 14)   # a Tuesday


def only(sentence: str, ref: date = REF) -> DateMention:
    mentions = find_dates(sentence, ref)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize("sentence, expression, value", [
    ("On 8th October 2021, a suicide bomber struck a mosque in the north.", "8th October 2021", date(2021, 10, 8)),
    ("On 15th October 2021 gunmen stormed a checkpoint outside the city.", "15th October 2021", date(2021, 10, 15)),
    ("Police said the convoy was ambushed on 1 May 2020 near the border.", "1 May 2020", date(2020, 5, 1)),
    ("A house was destroyed in the fighting on Jan. 5, 2023, residents said.", "Jan. 5, 2023", date(2023, 1, 5)),
    ("The blast on August 27, 2021 killed dozens at the airport gate.", "August 27, 2021", date(2021, 8, 27)),
    ("Records dated 2021-03-14 list three wounded guards.", "2021-03-14", date(2021, 3, 14)),
    ("The attack on the 2nd of February, 2022 left two dead.", "2nd of February, 2022", date(2022, 2, 2)),
    ("The ministry's notice of 25/12/2022 closed the road.", "25/12/2022", date(2022, 12, 25)),
])
def test_full_dates_are_day_precise(sentence, expression, value):
    mention = only(sentence)
    assert (mention.text, mention.value, mention.precision, mention.kind) == (expression, value, "day", "absolute")
    assert sentence[mention.start:mention.end] == expression


@pytest.mark.parametrize("sentence, value", [
    ("On February 2, the embassy announced it was closing its doors.", date(2023, 2, 2)),
    # read as past: a December day in a February article belongs to the year before
    ("Smoke rose over the hotel after an explosion on Dec. 12.", date(2022, 12, 12)),
    ("Fighters overran the outpost on 30 January, officials said.", date(2023, 1, 30)),
])
def test_yearless_days_take_the_most_recent_year(sentence, value):
    mention = only(sentence)
    assert (mention.value, mention.precision, mention.kind) == (value, "day", "absolute")


@pytest.mark.parametrize("sentence, expression, value, precision", [
    ("Most embassies shut in August 2021 when the government fell.", "August 2021", date(2021, 8, 1), "month"),
    ("The group has carried out dozens of raids since 2021.", "2021", date(2021, 1, 1), "year"),
    ("Clashes intensified in mid-August 2021 around the valley.", "mid-August 2021", date(2021, 8, 1), "month"),
    ("Militants were driven out of the district in late 2022.", "late 2022", date(2022, 1, 1), "year"),
    ("Aid convoys resumed in September, the agency said.", "September", date(2022, 9, 1), "month"),
])
def test_month_and_year_expressions_keep_their_precision(sentence, expression, value, precision):
    mention = only(sentence)
    assert (mention.text, mention.value, mention.precision) == (expression, value, precision)


@pytest.mark.parametrize("sentence, expression, value, precision", [
    ("A bomber detonated his vest at the consulate gate last September.", "last September", date(2022, 9, 1), "month"),
    ("In July last year both cells planned strikes on foreign engineers.", "July last year", date(2022, 7, 1), "month"),
    ("A raid in September last year targeted the consulate.", "September last year", date(2022, 9, 1), "month"),
    ("Earlier this month, staff were flown out of the capital.", "Earlier this month", date(2023, 2, 1), "month"),
    ("The UN panel's report published last month named the commanders.", "last month", date(2023, 1, 1), "month"),
    ("Two soldiers were killed last week in an ambush.", "last week", date(2023, 2, 6), "week"),
    ("A rocket landed near the market yesterday.", "yesterday", date(2023, 2, 13), "day"),
    ("The group lost two commanders last year.", "last year", date(2022, 1, 1), "year"),
    ("Earlier this year, two provincial governors were killed.", "Earlier this year", date(2023, 1, 1), "year"),
    ("The rebels seized the town three days ago.", "three days ago", date(2023, 2, 11), "day"),
])
def test_relative_expressions_count_from_the_reference_date(sentence, expression, value, precision):
    mention = only(sentence)
    assert (mention.text, mention.value, mention.precision, mention.kind) == (expression, value, precision, "relative")


@pytest.mark.parametrize("sentence, expression, value", [
    ("The Monday night raid killed several militants.", "Monday night", date(2023, 2, 13)),
    ("Police said on Sunday that the suspects had fled.", "Sunday", date(2023, 2, 12)),
    ("The ceasefire collapsed last Tuesday.", "last Tuesday", date(2023, 2, 7)),
    ("Gunmen opened fire on Tuesday morning at the bus station.", "Tuesday morning", date(2023, 2, 14)),
])
def test_weekdays_are_the_latest_such_day(sentence, expression, value):
    mention = only(sentence)
    assert (mention.text, mention.value, mention.precision, mention.kind) == (expression, value, "day", "weekday")


@pytest.mark.parametrize("sentence, expression, delta, precision", [
    ("On the same day, a second device exploded near the school.", "the same day", 0, "day"),
    ("Two more people died that day in hospital.", "that day", 0, "day"),
    ("The raid came a week after the embassy was evacuated.", "a week after", 7, "day"),
    ("Two days later, the group claimed the bombing.", "Two days later", 2, "day"),
    ("The next day, hundreds marched through the town.", "The next day", 1, "day"),
    ("Days before, the governor had warned of an attack.", "Days before", None, "week"),
])
def test_anaphoric_expressions_point_to_the_previous_event(sentence, expression, delta, precision):
    mention = only(sentence)
    assert (mention.text, mention.kind, mention.anchor, mention.delta_days, mention.precision) == (
        expression, "anaphoric", "previous_event", delta, precision)
    assert mention.value is None


def test_later_in_a_month_is_anaphoric_but_has_a_fallback_value():
    mention = only("Later in December, a gunman targeted the envoy's residence.")
    assert (mention.kind, mention.anchor, mention.precision, mention.value) == (
        "anaphoric", "previous_event", "month", date(2022, 12, 1))


@pytest.mark.parametrize("sentence, expression", [
    ("The militia has staged several ambushes in the past two months.", "the past two months"),
    ("Recently, militants attacked a hotel popular with foreigners.", "Recently"),
    ("Violence has risen in recent weeks across the province.", "in recent weeks"),
])
def test_vague_periods_are_found_without_inventing_a_date(sentence, expression):
    mention = only(sentence)
    assert (mention.text, mention.kind, mention.value, mention.precision) == (expression, "period", None, None)


@pytest.mark.parametrize("sentence", [
    "Officials may close the crossing if the fighting spreads.",
    "Now the families are waiting for news of 25 missing men.",
    "The curfew starts at 3pm and 12 checkpoints were set up.",
    "May God protect them, said the imam.",
    "Protesters will march to the square, organisers said.",
    "Jan Egeland of the refugee council visited the camp.",
    "June Okello, a nurse, treated the wounded.",
    "March organisers said the route had changed.",
])
def test_words_and_numbers_that_are_not_dates(sentence):
    assert find_dates(sentence, REF) == []


def test_dates_after_the_reference_date_are_rejected():
    mentions = find_dates("Elections are scheduled for 10 October 2025 and talks for next Monday.", REF)
    assert [m.value for m in mentions] == [None, None]


def test_impossible_dates_are_not_dates():
    assert find_dates("The statement was dated 31 February 2022.", REF) == []


def test_offsets_point_into_the_whole_document():
    document = "Headline.\nOn 3 May 2020, protesters gathered in the square."
    start = document.index("On 3")
    mention = find_dates(document[start:], REF, offset=start)[0]
    assert document[mention.start:mention.end] == "3 May 2020"


def test_several_mentions_come_back_in_text_order():
    mentions = find_dates("After the Dec. 12 hotel attack and a raid on Monday night, the envoy left "
                          "on February 2.", REF)
    assert [m.value for m in mentions] == [date(2022, 12, 12), date(2023, 2, 13), date(2023, 2, 2)]


def test_without_a_reference_date_only_self_contained_dates_have_values():
    mentions = find_dates("On 8 March 2022 and again on Monday, gunmen attacked the school.", None)
    assert [m.value for m in mentions] == [date(2022, 3, 8), None]


def test_mention_date_applies_anaphoric_offsets_to_the_previous_event():
    ref = ReferenceDate(REF, "published", "day")
    later = only("Two days later, the group claimed the bombing.")
    assert mention_date(later, ref, previous=date(2022, 10, 8)) == ("2022-10-10", "day")
    december = only("Later in December, a gunman targeted the envoy's residence.")
    assert mention_date(december, ref, previous=date(2021, 9, 5)) == ("2021-12-01", "month")


def test_mention_date_is_no_surer_than_a_year_level_reference():
    guessed = ReferenceDate(date(2023, 12, 31), "inferred:relative-year", "year")
    mention = find_dates("A bomb went off in the mosque yesterday.", guessed.date)[0]
    assert mention_date(mention, guessed) == ("2023-01-01", "year")


# --- against uncertain anchors: a guessed year, an event known only to the month -------------------

GUESSED_YEAR = ReferenceDate(date(2023, 2, 2), "inferred:relative-year+month-day", "year")


@pytest.mark.parametrize("sentence, expected", [
    # named months depend only on the reference's year: the month the text gives is kept
    ("A blast in September last year hit the Turkish embassy.", ("2022-09-01", "month")),
    ("A bomber detonated his vest at the consulate gate last September.", ("2022-09-01", "month")),
    ("In July last year both cells planned strikes on foreign engineers.", ("2022-07-01", "month")),
    ("Smoke rose over the hotel after an explosion on Dec. 12.", ("2022-12-12", "day")),
    # counted from the day of writing: no surer than the guessed reference
    ("The Monday night raid killed several militants.", ("2023-01-01", "year")),
    ("Earlier this month, staff were flown out of the capital.", ("2023-01-01", "year")),
    ("Two soldiers were killed last week in an ambush.", ("2023-01-01", "year")),
    ("The group lost two commanders last year.", ("2022-01-01", "year")),
])
def test_a_guessed_reference_year_coarsens_only_what_depends_on_its_day(sentence, expected):
    mention = find_dates(sentence, GUESSED_YEAR.date)[0]
    assert mention_date(mention, GUESSED_YEAR) == expected


def test_an_anaphoric_date_is_no_surer_than_the_event_it_counts_from():
    ref = ReferenceDate(REF, "published", "day")
    days_before = only("That bombing came only days before gunmen stormed the hotel.")
    # "later in December" gave the previous event only its month: "days before" it stays in December
    assert mention_date(days_before, ref, previous=date(2022, 12, 1), previous_precision="month") == (
        "2022-12-01", "month")
    same_day = only("On the same day, a second device exploded near the school.")
    assert mention_date(same_day, ref, previous=date(2022, 12, 1), previous_precision="month") == (
        "2022-12-01", "month")
    assert mention_date(same_day, ref, previous=date(2022, 12, 7), previous_precision="day") == (
        "2022-12-07", "day")


@pytest.mark.parametrize("sentence, word, expected", [
    # the event told in the clause after the count is on the other side of it
    ("That attack came two days before gunmen raided the hotel.", "raided", "2022-10-12"),
    ("The bombing came a week after militants attacked the school.", "attacked", "2022-10-03"),
    # the main clause's event: the count as written
    ("The bombing came a week after militants attacked the school.", "bombing", "2022-10-17"),
    # adverbial: no clause follows the count
    ("Two days later, the group claimed the bombing.", "bombing", "2022-10-12"),
    ("Two days after, gunmen raided the hotel.", "raided", "2022-10-12"),
])
def test_a_count_linking_two_clauses_points_the_way_of_the_event_reported(sentence, word, expected):
    mention = only(sentence)
    iso, precision = mention_date(mention, ReferenceDate(REF, "published", "day"), previous=date(2022, 10, 10),
                                  previous_precision="day", event_at=sentence.index(word))
    assert (iso, precision) == (expected, "day")


def test_a_timeline_date_before_a_colon_is_a_full_date_and_a_clock_time_is_none():
    from eventdesk.time import find_dates
    [d] = find_dates("26 August 2021: A suicide bombing at Kabul airport", None, 0)
    assert d.value.isoformat() == "2021-08-26"
    assert all(x.value is None or x.value.year != 2021 for x in find_dates("at 20:21 on Monday", None, 0))


def test_over_the_weekend_is_the_week_of_the_latest_weekend():
    import eventdesk
    [ev] = eventdesk.extract("Gunmen killed three soldiers in Mandera, Kenya, over the weekend.", published="2023-04-10")
    assert (ev.event_date, ev.date_precision) == ("2023-04-03", "week")   # Sat 8 and Sun 9 April


def test_the_past_three_days_dates_an_event_to_its_week_and_the_past_two_months_to_none():
    import eventdesk
    [ev] = eventdesk.extract("Taliban forces killed 40 NRF fighters in Panjshir, Afghanistan, over the past three days.",
                             published="2022-05-19")
    assert (ev.event_date, ev.date_precision) == ("2022-05-16", "week")
    from eventdesk.time import find_dates
    [d] = find_dates("in the past two months", None, 0)
    assert d.value is None


def test_earlier_in_the_week_is_the_week_of_writing():
    m = only("Earlier in the week, at least a dozen men were arrested over the riot.")
    assert (m.value, m.precision) == (date(2023, 2, 13), "week")
    assert not find_dates("In the week before the vote, the town was calm.", REF)[0].value


@pytest.mark.parametrize("sentence, value", [
    ("On the morning of 1 March 1896 the army marched on Adwa.", date(1896, 3, 1)),
    ("The clans charged on April 16, 1746, at Culloden.", date(1746, 4, 16)),
])
def test_a_full_date_of_an_earlier_century_keeps_its_year(sentence, value):
    assert only(sentence).value == value
