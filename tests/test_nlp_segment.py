"""Blocks and sentences: page furniture out, offsets into the original text kept."""
from eventdesk.nlp.segment import blocks, sentences

PAGE = """WORLD

Gunmen attack checkpoint in Kunar

Published

on

Gunmen attacked a police checkpoint in Asadabad on Dec. 12, killing two officers. The attack lasted an hour.

Gunmen attacked a police checkpoint in Asadabad on Dec. 12, killing two officers. The attack lasted an hour.

    • On 3 May 2022, a bomb exploded near a bus station.
    • On 4 May 2022, rockets hit the airport.

The officials said the attackers were
unidentified and fled.

Leave a Reply

Your email address will not be published.

MOST READ
"""


def test_offsets_index_the_original_text():
    for s in sentences(PAGE):
        assert PAGE[s.start:s.end] == s.text


def test_boilerplate_and_repeated_paragraphs_are_not_read():
    texts = [s.text for s in sentences(PAGE)]
    assert not any(t in ("Published", "on", "Leave a Reply", "MOST READ") for t in texts)
    assert sum(t.startswith("Gunmen attacked a police checkpoint") for t in texts) == 1
    assert not any("email address" in t for t in texts)


def test_abbreviated_month_does_not_end_a_sentence():
    texts = [s.text for s in sentences(PAGE)]
    assert "Gunmen attacked a police checkpoint in Asadabad on Dec. 12, killing two officers." in texts


def test_list_items_and_headings_are_their_own_blocks():
    kinds = {s.text: s.kind for s in sentences(PAGE)}
    assert kinds["On 3 May 2022, a bomb exploded near a bus station."] == "list_item"
    assert kinds["Gunmen attack checkpoint in Kunar"] == "heading"


def test_a_line_broken_mid_sentence_is_joined():
    joined = [s.text for s in sentences(PAGE) if s.text.startswith("The officials said")]
    assert joined and joined[0].endswith("fled.")


def test_blocks_of_empty_text():
    assert blocks("") == [] and sentences("   \n\n ") == []


def test_headlines_after_a_related_posts_line_at_the_foot_are_furniture():
    from eventdesk.nlp.segment import sentences
    text = ("Militants attacked a base in Marte, Borno state, on Tuesday, killing seven soldiers. " * 3
            + "\n\nRelated posts\nGunmen kill 10 in Zamfara village attack\n")
    assert not any("Zamfara" in s.text for s in sentences(text))
