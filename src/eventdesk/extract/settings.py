"""The numbers the extraction stages count with, read once from ``data/extract_settings.yaml``.

Like trafilatura's ``Extractor`` options: one frozen object, built once per ``Extractor`` and
handed to every stage; a variant is made with ``dataclasses.replace``, never by mutation.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from ..resources import load_data


@dataclass(frozen=True)
class ExtractSettings:
    parsed_mentions: int        # sentences of one incident given to spaCy for an unlisted group
    antecedent_sentences: int   # how far back "the group" points
    near_sentences: int         # how far back an anaphor, a repeated toll or a paragraph's date reaches
    lead_sentences: int         # an undated event among these first sentences takes the reference date
    passage_sentences: int      # sentences of an incident (or the lead) the relevance model reads
    history_years: int          # an incident dated only further back than this is history, not news

    @classmethod
    def from_data(cls, name: str = "extract_settings.yaml") -> "ExtractSettings":
        data = load_data(name)
        wanted = {f.name for f in fields(cls)}
        if set(data) != wanted:
            raise ValueError(f"{name}: expected settings {sorted(wanted)}, found {sorted(data)}")
        return cls(**{key: int(value) for key, value in data.items()})
