"""Training the relevance-and-type model from the project's corpus and a team's own coded data.

Inputs, each a list of (text, label) examples:
- the packaged corpus (``data/corpus/*.jsonl``: ``{"text", "label"}`` lines written for eventdesk);
- ``--from`` files: an ACLED export (CSV with ``notes`` and ``sub_event_type`` columns), eventdesk
  corpus lines, or eventdesk records (JSONL with ``kind``, ``sub_event_type`` and ``evidence``).
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import json
import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..resources import load_data
from .architectures import build
from .model import NONE, THREAT, TextClassifier, sub_type_parents

log = logging.getLogger(__name__)
CONFIG = "textcat.yaml"


def _corpus_files(pattern: str) -> list:
    folder, _, glob = pattern.rpartition("/")
    root = resources.files("eventdesk").joinpath("data", folder)
    return sorted((f for f in root.iterdir() if fnmatch.fnmatch(f.name, glob)), key=lambda f: f.name)


@lru_cache(maxsize=1)
def corpus_digest() -> str:
    """Names the default model: it changes whenever the corpus, the config or scikit-learn does."""
    import sklearn

    h = hashlib.sha256(sklearn.__version__.encode())
    h.update(json.dumps(load_data(CONFIG), sort_keys=True).encode())
    for f in _corpus_files(load_data(CONFIG)["corpus"]):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def valid_labels() -> set[str]:
    return set(sub_type_parents()) | {NONE, THREAT}


def read_corpus_lines(lines: Iterable[str], where: str) -> list[tuple[str, str]]:
    out, labels = [], valid_labels()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}:{n}: not JSON ({exc.msg})") from None
        example = _example_from_record(row)
        if example is None:
            continue
        if example[1] not in labels:
            raise ValueError(f"{where}:{n}: unknown label {example[1]!r}")
        out.append(example)
    return out


def _example_from_record(row: dict) -> Optional[tuple[str, str]]:
    if "label" in row and "text" in row:
        return str(row["text"]), str(row["label"])
    # an eventdesk record: its evidence sentences and its (corrected) type
    text = " ".join(e.get("text", "") for e in row.get("evidence") or []).strip()
    if not text:
        return None
    if row.get("kind") == "threat":
        return text, THREAT
    if row.get("kind") == "none" or row.get("relevant") is False:
        return text, NONE
    return (text, row["sub_event_type"]) if row.get("sub_event_type") else None


def read_acled_csv(path: Path) -> list[tuple[str, str]]:
    """An ACLED export: each row's ``notes`` labelled with its ``sub_event_type``."""
    out, labels = [], valid_labels()
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"notes", "sub_event_type"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: not an ACLED export (no {', '.join(sorted(missing))} column)")
        for n, row in enumerate(reader, 2):
            notes, sub = (row.get("notes") or "").strip(), (row.get("sub_event_type") or "").strip()
            if not notes:
                continue
            if sub not in labels:
                raise ValueError(f"{path}:{n}: unknown sub_event_type {sub!r}")
            out.append((notes, sub))
    return out


def read_examples(path: Path) -> list[tuple[str, str]]:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return read_acled_csv(path)
    with open(path, encoding="utf-8") as fh:
        return read_corpus_lines(fh, str(path))


def training_examples(config: Optional[dict] = None) -> list[tuple[str, str]]:
    config = config or load_data(CONFIG)
    out = []
    for f in _corpus_files(config["corpus"]):
        out.extend(read_corpus_lines(f.read_text(encoding="utf-8").splitlines(), f"data/corpus/{f.name}"))
    return out


def train(extra: Sequence[Path] = (), out: Optional[Path] = None, packaged: bool = True,
          config: Optional[dict] = None) -> TextClassifier:
    """Fit the model of ``data/textcat.yaml`` on the packaged corpus (unless ``packaged`` is
    False) plus ``extra`` files; save it to ``out`` when given."""
    import sklearn

    config = dict(config or load_data(CONFIG))
    examples = training_examples(config) if packaged else []
    for path in extra:
        examples.extend(read_examples(Path(path)))
    if len({label for _, label in examples}) < 2:
        raise ValueError("training needs examples of at least two labels")
    texts, labels = zip(*examples)
    pipeline = build(config["architecture"], config.get("features", {}), config.get("classifier", {}))
    log.info("training %s on %d examples", config["architecture"], len(texts))
    from ..feedback import notice
    # One fit call: no steps to count, so the notice says what runs and for how long, roughly.
    notice(f"training {config['architecture']} on {len(texts)} examples (about 20 s on one core)")
    pipeline.fit(list(texts), list(labels))
    config.update(labels=sorted(set(labels)), examples=len(texts), sklearn=sklearn.__version__,
                  corpus_digest=corpus_digest() if packaged else None,
                  extra=[str(p) for p in extra])
    model = TextClassifier(pipeline, config)
    if out is not None:
        model.save(Path(out))
    return model
