"""The event's date comes from the clause that reports it, not from another date in the sentence."""
from datetime import date

import pytest

from eventdesk.time import event_date_mention, find_dates, reported_event_at

REF = date(2023, 2, 14)   # a Tuesday


def dated(sentence: str, word: str) -> str:
    mentions = [d for d in find_dates(sentence, REF) if d.value is not None or d.anchor]
    return event_date_mention(mentions, sentence, 0, sentence.index(word)).text


@pytest.mark.parametrize("sentence, word, expression", [
    # a reporting clause dates the statement, not the attack
    ("Officials said on Tuesday that the convoy carrying food and medicine for the camps had been "
     "ambushed by gunmen on the road near the border on Sunday night.", "ambushed", "Sunday night"),
    ("Gunmen attacked a school in the north on Sunday, the provincial police chief told reporters on Monday.",
     "attacked", "Sunday"),
    # a subordinate clause dates its own event
    ("The bombing on Monday, which came a week after militants attacked a school on 6 February, "
     "killed nine people.", "bombing", "Monday"),
    ("The bombing on Monday, which came a week after militants attacked a school on 6 February, "
     "killed nine people.", "attacked", "6 February"),
    ("It was the deadliest attack on a mosque since the group seized the city in August 2021, "
     "and came on Friday.", "attack", "Friday"),
    ("Following the raid on 3 May, police arrested five suspects on 5 May.", "raid", "3 May"),
    ("Following the raid on 3 May, police arrested five suspects on 5 May.", "arrested", "5 May"),
    # one clause: the nearest date, one before the event word preferred
    ("On 8th October 2021, a bomber detonated his vest inside a mosque in Kunduz.", "detonated", "8th October 2021"),
])
def test_the_date_of_the_clause_reporting_the_event(sentence, word, expression):
    assert dated(sentence, word) == expression


def test_a_date_in_another_clause_is_used_when_the_event_clause_has_none():
    sentence = "Gunmen stormed a checkpoint, police said on Monday."
    assert dated(sentence, "stormed") == "Monday"


def test_no_dates_no_mention():
    assert event_date_mention([], "Gunmen stormed a checkpoint.", 0, 7) is None


def test_a_main_clause_that_only_places_an_earlier_event_leaves_the_news_to_the_next_clause():
    sentence = "That attack came only days before three gunmen stormed a hotel and wounded four guests."
    words = [sentence.index("attack"), sentence.index("stormed"), sentence.index("wounded")]
    mentions = find_dates(sentence, REF)
    assert reported_event_at(mentions, sentence, 0, words) == sentence.index("stormed")


@pytest.mark.parametrize("sentence, word", [
    ("The bombing killed nine people a week after militants attacked a school.", "bombing"),
    ("Two days later, gunmen raided a hotel.", "raided"),
])
def test_other_sentences_keep_their_first_event_word(sentence, word):
    words = [sentence.index(word)]
    assert reported_event_at(find_dates(sentence, REF), sentence, 0, words) is None
