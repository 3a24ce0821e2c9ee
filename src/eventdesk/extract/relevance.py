"""The relevance-and-type stage: the trained model (``eventdesk.textcat``) reads each incident's
passage and decides whether it is political violence at all, and which ACLED sub-event type.

The trigger words find candidates cheaply and the rules read exact values (numbers, dates, known
names); judgement, "is a tram crash or a rocket launch a conflict event?", is the model's. An
incident the model reads as no event is dropped; its type is the model's when the model is sure,
and the trigger words' otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..resources import load_data
from ..textcat import Scores, default_classifier



@dataclass(frozen=True)
class Decision:
    drop_none_above: float
    type_above: float
    story_none_above: float = 1.01
    drop_none_in_story_above: float = 1.01
    retype: str = "within_type"   # or "any": the model may change the event type too

    @classmethod
    def from_config(cls) -> "Decision":
        import os

        d = load_data("textcat.yaml")["decision"]
        return cls(float(d["drop_none_above"]), float(d["type_above"]),
                   float(d.get("story_none_above", 1.01)), float(d.get("drop_none_in_story_above", 1.01)),
                   os.environ.get("EVENTDESK_RETYPE") or d.get("retype", "within_type"))


class Relevance:
    def __init__(self, classifier=None, decision: Optional[Decision] = None) -> None:
        self._classifier = classifier
        self.decision = decision or Decision.from_config()

    @property
    def classifier(self):
        if self._classifier is None:
            self._classifier = default_classifier()
        return self._classifier

    def score(self, passages: Sequence[str]) -> list[Scores]:
        return self.classifier.predict(list(passages))

    def relevant(self, scores: Scores, story: Optional[Scores] = None) -> bool:
        if scores.none >= self.decision.drop_none_above:
            return False
        # in a story that is not about political violence, a doubtful passage is no event
        story_none = story.none if story is not None else 0.0
        return not (story_none >= self.decision.story_none_above
                    and scores.none >= self.decision.drop_none_in_story_above)

    @staticmethod
    def explain(scores: Scores, story: Optional[Scores]) -> str:
        told = f"model: none {scores.none:.2f}, threat {scores.threat:.2f}, event {scores.event:.2f}"
        return told + (f"; story none {story.none:.2f}" if story is not None else "")

    def retype(self, event_type: Optional[str], sub_event_type: Optional[str],
               scores: Scores, lead_types: frozenset = frozenset()) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """(event_type, sub_event_type, provenance): the model's pair when it is sure of it.
        ``lead_types``: where the sentences joined to an incident gave it another type than its
        first report's own words, that type: the model may move the incident back to it (an
        arrest told among sentences about the carnage it followed is an arrest); otherwise it
        retypes within the type."""
        sure = scores.sub_event_score / scores.event if scores.event > 0 else 0.0
        moved_by_others = scores.event_type in lead_types
        if self.decision.retype == "within_type" and scores.event_type != event_type and not moved_by_others:
            return event_type, sub_event_type, None
        if scores.sub_event_type and sure >= self.decision.type_above and scores.sub_event_type != sub_event_type:
            return scores.event_type, scores.sub_event_type, f"model: {scores.sub_event_type} ({sure:.2f})"
        return event_type, sub_event_type, None
