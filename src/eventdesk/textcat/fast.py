"""The fitted tf-idf and logistic-regression model applied without scikit-learn's per-call overhead.

Scoring one article's few passages through ``Pipeline.predict_proba`` spends most of its time in
input validation, not arithmetic: every step re-checks its input, and the feature union goes
through joblib even on one core. ``FastScorer`` reads the fitted vocabularies, idf weights and
coefficients from the pipeline and does the same arithmetic, in the same order, directly:

1. counts   the analyzer's features per passage; a word's character n-grams are the same wherever
            it stands, so they are looked up once per distinct word and remembered;
2. tf-idf   sublinear tf, times idf, each row scaled to unit length (scikit-learn's own routine);
3. union    the feature blocks side by side, as ``FeatureUnion`` stacks them;
4. scores   the linear scores and their softmax, as ``LogisticRegression.predict_proba``.

It is used only for the architecture it knows (``eventdesk.TfidfLogisticRegression.v1``'s
shape), and only after it has given, on probe passages, probabilities equal to the last bit to
``predict_proba``'s; otherwise the pipeline is called as it is.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

import numpy as np

# Passages the scorer must reproduce exactly before it is trusted: cased, caseless, capitals,
# digits, accents, run-together sentences, odd spacing, nothing at all.
PROBES = (
    "KABUL, Afghanistan - Gunmen stormed a police checkpoint in Kandahar province on Sunday, "
    "killing three officers, officials said. The Taliban claimed the attack.",
    "protesters clashed with police in the capital on tuesday;  12 were hurt\nand 3 arrested",
    "TWO SOLDIERS WERE KILLED WHEN A ROADSIDE BOMB HIT THEIR CONVOY NEAR MOGADISHU",
    "The rocket launch was a success.Officials said the satellite reached orbit at 10:42 a.m.",
    "Des manifestants ont été blessés à Bamako ; l'armée a tiré — 4 morts, dit-on",
    "",
    "   \t ",
    "a",
)

_WHITE_SPACES = re.compile(r"\s\s+")   # as scikit-learn's char_wb analyzer folds whitespace
_WORD_CACHE_LIMIT = 200_000            # distinct words whose n-grams are remembered


class _Block:
    """One fitted ``TfidfVectorizer`` of the union."""

    def __init__(self, vectorizer) -> None:
        self.vocabulary = vectorizer.vocabulary_
        self.width = len(self.vocabulary)
        self.idf = vectorizer.idf_
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.char_wb = vectorizer.analyzer == "char_wb"
        if self.char_wb:
            self.decode = vectorizer.decode
            self.preprocess = vectorizer.build_preprocessor()
            self.ngram_range = vectorizer.ngram_range
            self.words: dict[str, list[int]] = {}
        else:
            self.analyze = vectorizer.build_analyzer()

    def _word_features(self, word: str) -> list[int]:
        """The vocabulary indices of a word's padded character n-grams, repeats kept."""
        found = self.words.get(word)
        if found is None:
            vocabulary, (low, high) = self.vocabulary, self.ngram_range
            w = " " + word + " "
            length = len(w)
            found = []
            for n in range(low, high + 1):
                offset = 0
                index = vocabulary.get(w[0:n])
                if index is not None:
                    found.append(index)
                while offset + n < length:
                    offset += 1
                    index = vocabulary.get(w[offset:offset + n])
                    if index is not None:
                        found.append(index)
                if offset == 0:   # a word shorter than n counts once
                    break
            if len(self.words) >= _WORD_CACHE_LIMIT:
                self.words.clear()
            self.words[word] = found
        return found

    def features(self, text: str) -> list[int]:
        if self.char_wb:
            out: list[int] = []
            for word in _WHITE_SPACES.sub(" ", self.preprocess(self.decode(text))).split():
                out.extend(self._word_features(word))
            return out
        vocabulary = self.vocabulary
        return [i for i in (vocabulary.get(f) for f in self.analyze(text)) if i is not None]

    def rows(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per passage: sorted column indices and their tf-idf weights, each row of unit length."""
        from scipy import sparse
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        indptr, indices, counts = [0], [], []
        for text in texts:
            columns, count = np.unique(np.asarray(self.features(text), dtype=np.int32), return_counts=True)
            indices.append(columns.astype(np.int32, copy=False))
            counts.append(count)
            indptr.append(indptr[-1] + len(columns))
        data = np.concatenate(counts).astype(np.float64) if counts else np.zeros(0)
        matrix = sparse.csr_matrix((data, np.concatenate(indices) if indices else np.zeros(0, np.int32),
                                    np.asarray(indptr, dtype=np.int32)), shape=(len(texts), self.width))
        if self.sublinear:
            np.log(matrix.data, matrix.data)
            matrix.data += 1.0
        matrix.data *= self.idf[matrix.indices]
        inplace_csr_row_normalize_l2(matrix)
        return [(matrix.indices[a:b], matrix.data[a:b]) for a, b in zip(indptr, indptr[1:])]


class FastScorer:
    """``predict_proba`` of a fitted tf-idf + logistic-regression pipeline, for many small calls."""

    def __init__(self, blocks: list[_Block], coef_t: np.ndarray, intercept: np.ndarray) -> None:
        self.blocks = blocks
        self.offsets = np.cumsum([0] + [b.width for b in blocks])[:-1]
        self.width = int(sum(b.width for b in blocks))
        self.coef_t = coef_t
        self.intercept = intercept

    @classmethod
    def for_pipeline(cls, pipeline) -> Optional["FastScorer"]:
        """A scorer for ``pipeline`` if it has the known shape and reproduces its probabilities
        on the probes exactly; else None."""
        try:
            scorer = cls._build(pipeline)
            if scorer is None:
                return None
            probes = list(PROBES)
            return scorer if np.array_equal(scorer.predict_proba(probes), pipeline.predict_proba(probes)) else None
        except Exception:   # an unexpected library version: the pipeline itself still works
            return None

    @classmethod
    def _build(cls, pipeline) -> Optional["FastScorer"]:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        if type(pipeline) is not Pipeline or len(pipeline.steps) != 2:
            return None
        union, classifier = pipeline.steps[0][1], pipeline.steps[1][1]
        if type(union) is not FeatureUnion or union.transformer_weights or type(classifier) is not LogisticRegression:
            return None
        if len(classifier.classes_) <= 2 or classifier.coef_.ndim != 2:
            return None   # a binary model's probabilities are computed otherwise
        blocks = []
        for _, vectorizer in union.transformer_list:
            if (type(vectorizer) is not TfidfVectorizer or vectorizer.analyzer not in ("word", "char_wb")
                    or vectorizer.binary or not vectorizer.use_idf or vectorizer.norm != "l2"
                    or vectorizer.dtype is not np.float64):
                return None
            blocks.append(_Block(vectorizer))
        return cls(blocks, classifier.coef_.T, classifier.intercept_)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        from scipy import sparse

        texts = list(texts)
        per_block = [block.rows(texts) for block in self.blocks]
        indptr, indices, data = [0], [], []
        for i in range(len(texts)):   # the blocks side by side, row by row
            for offset, rows in zip(self.offsets, per_block):
                columns, weights = rows[i]
                indices.append(columns + np.int32(offset))
                data.append(weights)
            indptr.append(indptr[-1] + sum(len(rows[i][0]) for rows in per_block))
        matrix = sparse.csr_matrix((np.concatenate(data), np.concatenate(indices).astype(np.int32),
                                    np.asarray(indptr, dtype=np.int32)), shape=(len(texts), self.width))
        scores = matrix @ self.coef_t + self.intercept
        scores -= scores.max(axis=1).reshape(-1, 1)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape(-1, 1)
        return scores
