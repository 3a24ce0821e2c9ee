"""A date in an aside about a person (", who took office on Friday,") dates that person's
news, not the event the sentence reports."""
from eventdesk.time import person_asides
from eventdesk.time.clauses import other_clauses


def test_an_aside_about_a_person_is_found_with_its_offsets():
    text = "The governor, who was sworn in on Monday, said the convoy was ambushed on Tuesday."
    [(start, end)] = person_asides(text, 100)
    assert text[start - 100:end - 100] == ", who was sworn in on Monday"


def test_the_aside_is_one_of_the_clauses_that_do_not_date_the_event():
    text = "The mayor, whose first week in office ended on Sunday, said a bomb exploded on Saturday."
    spans = other_clauses(text)
    monday = text.index("Sunday")
    assert any(a <= monday < b for a, b, _ in spans)
    assert not any(a <= text.index("Saturday") < b for a, b, _ in spans if (a, b) in person_asides(text))
