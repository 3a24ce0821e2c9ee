"""Long texts cost linear work: sentences past a bound are read in windows, the stop before a
full stop is judged from the words just before it, and the unreal cues of a sentence are found
once for all its triggers. Each gives what the plain reading gives on ordinary text."""
import re

from eventdesk.extract.candidates import unreal_at
from eventdesk.nlp.segment import MAX_SENTENCE_CHARS, WORD_BEFORE, _abbreviations, _ends_sentence, \
    sentences, windows

from extract_stage_fixtures import context


def plain_unreal_at(s, pos, ctx, threat=False):
    """The plain reading: every cue of the sentence tried against the trigger."""
    for m in ctx.lex.unreal.finditer(s):
        if m.start() <= pos <= m.end() + 40:
            if threat and ctx.patterns.threat_modal.match(m.group()):
                continue
            return True
    return False


def test_unreal_cues_are_found_as_the_plain_reading_finds_them():
    ctx = context()
    s = ("Police said the militants did not attack the school, but gunmen attacked the market, and "
         "the group threatened that it would bomb the mosque if the army attacked again; officials "
         "denied that soldiers killed anyone, while rebels killed two guards.")
    for pos in range(len(s)):
        for threat in (False, True):
            assert unreal_at(s, pos, ctx, threat) == plain_unreal_at(s, pos, ctx, threat), (pos, threat)
    long = " ".join([s] * 40)
    for pos in range(0, len(long), 7):
        assert unreal_at(long, pos, ctx) == plain_unreal_at(long, pos, ctx), pos


def plain_ends_sentence(chunk, match, caseless=False):
    if chunk[match.start()] != ".":
        return True
    word = WORD_BEFORE.search(chunk, 0, match.start() + 1)
    token = word.group(1).rstrip(".") if word else ""
    if token.lower() in _abbreviations():
        return False
    if caseless and token.lower() in {"a.m", "p.m"}:
        return False
    return not (len(token) == 1 and (token.isupper() or caseless))


def test_a_stop_is_judged_from_the_word_before_it_however_long_the_block():
    texts = ["Gen. Ali arrived. A. Khan left at 9 p.m. The U.S. Army said.",
             "x" * 63 + ". " + "y" * 64 + ". " + "z" * 65 + ". gen. B. " + "w" * 200 + "gen.",
             "gen" + "!" * 80 + ". Then " + "." * 70 + " end." + "e.g" * 30 + ".",
             "It was " + "ab.Cd" * 50 + ". Then p.m. " + "İ" * 70 + "."]
    for text in texts:
        for m in re.finditer(r"\.", text):
            for caseless in (False, True):
                assert _ends_sentence(text, m, caseless) == plain_ends_sentence(text, m, caseless), (text, m.start())


def test_a_sentence_longer_than_the_bound_is_read_in_windows():
    body = "the militants attacked the village and " * 400          # 15,600 characters, no stop
    text = "A bomb exploded in Kabul on Monday, " + body + "police said. The attack lasted an hour."
    sents = sentences(text)
    assert sents[-1].text == "The attack lasted an hour."
    long = sents[:-1]
    assert len(long) == 4 and all(len(s.text) <= MAX_SENTENCE_CHARS for s in long)
    assert [s.position for s in sents] == list(range(len(sents)))
    for s in sents:
        assert text[s.start:s.end] == s.text and s.text == s.text.strip()
    # the windows cover the sentence, each cut at a space (or after a comma), never in a word
    covered = "".join(text[s.start:s.end + 1] for s in long)
    assert covered.split() == text[:long[-1].end].split()
    assert long[0].text.startswith("A bomb exploded in Kabul on Monday,")


def test_windows_prefer_a_clause_mark_and_cut_a_word_only_when_there_is_no_space():
    text = "a" * 30 + ", " + "b c " * 10
    assert windows(text, 0, len(text), limit=40) == [(0, 31), (32, 72)]   # after the comma
    spaced = "word " * 20
    assert windows(spaced, 0, 99, limit=40) == [(0, 39), (40, 79), (80, 99)]   # at the last space
    solid = "x" * 100
    assert windows(solid, 0, 100, limit=40) == [(0, 40), (40, 80), (80, 100)]
    assert windows("short text", 0, 10, limit=40) == [(0, 10)]
