"""Loading, saving and applying a trained relevance-and-type model.

A saved model is a folder: ``config.json`` (the training config, the labels, the corpus digest,
the library versions) beside ``model.joblib`` (the fitted scikit-learn pipeline), like spaCy's
``to_disk``. The default model is built from the packaged corpus into ``$EVENTDESK_CACHE`` the
first time it is needed (a few seconds) and reused while corpus, config and scikit-learn agree.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from ..resources import load_data

NONE, THREAT = "none", "threat"


@dataclass(frozen=True)
class Scores:
    """The model's reading of one passage."""

    none: float            # P(no codeable event or threat)
    threat: float          # P(a reported threat or plot)
    event: float           # P(an event of any type)
    sub_event_type: Optional[str]   # the likeliest sub-event type, given an event
    sub_event_score: float          # its probability (unconditional)
    event_type: Optional[str]

    @property
    def label(self) -> str:
        best = max((self.none, NONE), (self.threat, THREAT), (self.event, "event"))
        return best[1]


@lru_cache(maxsize=1)
def sub_type_parents() -> dict[str, str]:
    return {sub: etype for etype, subs in load_data("taxonomy.yaml")["event_types"].items() for sub in subs}


class TextClassifier:
    def __init__(self, pipeline, config: dict) -> None:
        self.pipeline = pipeline
        self.config = config
        self.labels = [str(c) for c in pipeline.classes_]
        self._lock = threading.Lock()
        self._fast = None   # the same arithmetic without scikit-learn's per-call checks (fast.py)
        self._fast_checked = False

    def predict(self, texts: Sequence[str]) -> list[Scores]:
        if not texts:
            return []
        with self._lock:   # scikit-learn estimators are not promised thread-safe
            if not self._fast_checked:
                from .fast import FastScorer

                self._fast = FastScorer.for_pipeline(self.pipeline)
                self._fast_checked = True
            scorer = self._fast or self.pipeline
            probs = scorer.predict_proba(list(texts))
        parents = sub_type_parents()
        out = []
        for row in probs:
            by = dict(zip(self.labels, row))
            none, threat = float(by.get(NONE, 0.0)), float(by.get(THREAT, 0.0))
            subs = {k: float(v) for k, v in by.items() if k not in (NONE, THREAT)}
            best = max(subs, key=subs.get) if subs else None
            out.append(Scores(none, threat, max(0.0, 1.0 - none - threat), best,
                              subs.get(best, 0.0) if best else 0.0, parents.get(best) if best else None))
        return out

    def save(self, path: Path) -> Path:
        import joblib

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        # (several processes may build the default model at once: each writes its own temporary
        # files and renames them into place, config first, so a reader never sees half a model)
        tag = f".{os.getpid()}.{threading.get_ident()}.tmp"
        config_tmp, model_tmp = path / ("config.json" + tag), path / ("model.joblib" + tag)
        config_tmp.write_text(json.dumps(self.config, indent=1, sort_keys=True), encoding="utf-8")
        joblib.dump(self.pipeline, model_tmp)
        os.replace(config_tmp, path / "config.json")
        os.replace(model_tmp, path / "model.joblib")
        return path


def load_classifier(path: Path) -> TextClassifier:
    """A model saved by ``TextClassifier.save`` (or ``eventdesk train --out``)."""
    import joblib

    path = Path(path)
    if not (path / "model.joblib").is_file():
        raise FileNotFoundError(f"{path}: no model.joblib here (train one with `eventdesk train --out {path}`)")
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    return TextClassifier(joblib.load(path / "model.joblib"), config)


def default_model_path() -> Path:
    from ..geo.gazetteer import cache_dir
    from .train import corpus_digest

    return cache_dir() / f"textcat-{corpus_digest()}"


_default_lock = threading.Lock()


@lru_cache(maxsize=1)
def _cached_default() -> TextClassifier:
    with _default_lock:
        chosen = os.environ.get("EVENTDESK_MODEL")
        if chosen:
            return load_classifier(Path(chosen))
        path = default_model_path()
        try:
            return load_classifier(path)
        except (FileNotFoundError, ValueError, EOFError, ImportError, AttributeError):
            from ..feedback import notice
            from .train import train

            notice(f"first run: training the relevance model from the packaged corpus into {path} "
                   "(once; about 20 s)")
            return train(out=path)


def default_classifier() -> TextClassifier:
    """The model extraction uses: ``$EVENTDESK_MODEL`` if set, else the one built from the
    packaged corpus (built on first use, then loaded from the cache)."""
    return _cached_default()
