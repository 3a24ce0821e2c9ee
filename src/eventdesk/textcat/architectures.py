"""Model architectures, registered under versioned names (as spaCy registers its networks).

The training config names one (``architecture: eventdesk.TfidfLogisticRegression.v1``); a new
architecture is a new name here, and configs that name the old one keep building the old one.
"""
from __future__ import annotations

import re
from typing import Callable

ARCHITECTURES: dict[str, Callable] = {}

# Digits carry the toll, not the kind of event: "killed 12" and "killed 3" read alike.
_DIGITS = re.compile(r"\d+")


def register(name: str):
    def wrap(fn):
        ARCHITECTURES[name] = fn
        return fn
    return wrap


def normalise(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


@register("eventdesk.TfidfLogisticRegression.v1")
def tfidf_logistic_regression(features: dict, classifier: dict):
    """Word and character tf-idf features, one multinomial logistic regression over all labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    words = TfidfVectorizer(preprocessor=normalise, ngram_range=tuple(features.get("word_ngrams", (1, 2))),
                            min_df=features.get("min_df", 1), sublinear_tf=features.get("sublinear_tf", True),
                            max_features=features.get("max_features"), token_pattern=r"(?u)\b\w[\w'-]*\b")
    chars = TfidfVectorizer(preprocessor=normalise, analyzer="char_wb",
                            ngram_range=tuple(features.get("char_ngrams", (3, 5))),
                            min_df=features.get("min_df", 1), sublinear_tf=features.get("sublinear_tf", True),
                            max_features=features.get("max_features"))
    model = LogisticRegression(C=classifier.get("C", 6.0), class_weight=classifier.get("class_weight"),
                               max_iter=classifier.get("max_iter", 3000))
    return Pipeline([("features", FeatureUnion([("words", words), ("chars", chars)])), ("classifier", model)])


def build(name: str, features: dict, classifier: dict):
    if name not in ARCHITECTURES:
        raise ValueError(f"unknown model architecture {name!r}; known: {', '.join(sorted(ARCHITECTURES))}")
    return ARCHITECTURES[name](features, classifier)
