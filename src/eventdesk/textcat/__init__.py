"""The relevance-and-type model: a trained text classifier over passages of news.

``predict(texts)`` scores passages against the labels of ``data/textcat.yaml``'s corpus (ACLED's
25 sub-event types, ``threat`` and ``none``). The model is built from the project's own corpus
(``data/corpus/``) by ``eventdesk train`` or on first use, into ``$EVENTDESK_CACHE``; a team can
train its own from coded data (``eventdesk train --from``) and point ``$EVENTDESK_MODEL`` at it.
"""
from .model import TextClassifier, Scores, default_classifier, load_classifier
from .train import train, training_examples

__all__ = ["TextClassifier", "Scores", "default_classifier", "load_classifier", "train", "training_examples"]
