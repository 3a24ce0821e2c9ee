"""Do two articles tell the same story? A cosine over the words of their headline and lead.

Reports of one attack share its rare words (the town, the target, the weapon, the names) long
before an extractor has found a date or a place below the country in every one of them, so this
document-level signal is what lets sparse mentions (undated, country-level) fuse. Headline words
count twice (the headline names the story). Fusion uses it without inverse document frequency
by default (``FusionSettings.story_idf``), so a pair's similarity depends on the two articles
alone and not on what was ingested before; with ``use_idf`` the document frequencies come from
the articles seen so far (the store's own ``story_terms`` table, or the batch in memory).

``StoryIndex`` keeps the counts in memory; ``eventdesk.store`` subclasses it to read them from SQL.
"""
from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from functools import lru_cache
from importlib import resources
from typing import Optional

TOKEN = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
# How much of the article body counts as its lead: the first paragraphs say what the story is;
# later ones bring background (earlier attacks) that other stories share.
LEAD_CHARS = 1200
HEADLINE_WEIGHT = 2
MAX_TERMS = 80


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("story_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def tokens(text: str) -> list[str]:
    stop = stopwords()
    out = []
    for raw in TOKEN.findall(text or ""):
        word = raw.lower().replace("’", "'").strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) >= 3 and word not in stop:
            out.append(word)
    return out


def story_terms(title: Optional[str], text: Optional[str]) -> dict[str, int]:
    """Term counts of an article's headline (weighted) and lead: its story signature."""
    tf: Counter = Counter()
    for word in tokens(title or ""):
        tf[word] += HEADLINE_WEIGHT
    body = text or ""
    if title and body.lstrip().startswith(title.strip()):
        body = body.lstrip()[len(title.strip()):]  # the headline repeated as the first line
    for word in tokens(body[:LEAD_CHARS]):
        tf[word] += 1
    return dict(sorted(tf.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])


class StoryIndex:
    """Story signatures and document frequencies; ``similarity(doc_a, doc_b)`` in [0, 1].

    Vectors are cached until the next ``add`` (which changes the idf of its terms).
    """

    # Inverse document frequency makes a pair's similarity depend on the collection at the time
    # it is computed, hence on ingest order; fusion sets this from ``FusionSettings.story_idf``.
    use_idf = True
    cache_limit = 50_000

    def __init__(self) -> None:
        self._df: Counter = Counter()
        self._n = 0
        self._terms: dict[str, dict[str, int]] = {}
        # An OrderedDict: dropping the oldest is O(1) (on a plain dict ``next(iter(d))`` skips
        # every slot deleted at its front, a scan as long as the cache once it is full).
        self._vectors: OrderedDict[str, dict[str, float]] = OrderedDict()

    # --- storage: overridden by the SQL store -------------------------------------------------
    def doc_terms(self, doc_id: str) -> Optional[dict[str, int]]:
        return self._terms.get(doc_id)

    def df(self, term: str) -> int:
        return self._df[term]

    def documents(self) -> int:
        return self._n

    def add(self, doc_id: str, terms: dict[str, int]) -> None:
        if doc_id in self._terms:
            self.remove(doc_id)
        self._terms[doc_id] = terms
        self._df.update(terms.keys())
        self._n += 1
        self.invalidate(doc_id)

    def remove(self, doc_id: str) -> None:
        old = self._terms.pop(doc_id, None)
        if old is not None:
            self._df.subtract(old.keys())
            self._n -= 1
        self.invalidate(doc_id)

    def invalidate(self, doc_id: Optional[str] = None) -> None:
        """Forget cached vectors: with idf every vector moves when the collection does; without,
        only the changed document's."""
        if self.use_idf or doc_id is None:
            self._vectors.clear()
        else:
            self._vectors.pop(doc_id, None)

    # --- similarity -------------------------------------------------------------------------------
    def vector(self, doc_id: str) -> Optional[dict[str, float]]:
        vec = self._vectors.get(doc_id)
        if vec is not None:
            return vec
        terms = self.doc_terms(doc_id)
        if not terms:
            return None
        if self.use_idf:
            n = max(self.documents(), 1)
            # Smoothed idf (never zero, so tiny collections still compare words), sublinear tf.
            vec = {t: (1.0 + math.log(c)) * (1.0 + math.log((1 + n) / (1 + self.df(t)))) for t, c in terms.items()}
        else:
            vec = {t: 1.0 + math.log(c) for t, c in terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {t: v / norm for t, v in vec.items()}
        if len(self._vectors) >= self.cache_limit:
            self._vectors.popitem(last=False)   # the oldest: memory stays bounded
        self._vectors[doc_id] = vec
        return vec

    def similarity(self, a: str, b: str) -> Optional[float]:
        """Cosine of the two articles' story vectors; None when either is unknown."""
        if a == b:
            return 1.0
        va, vb = self.vector(a), self.vector(b)
        if va is None or vb is None:
            return None
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(w * vb.get(t, 0.0) for t, w in va.items())
