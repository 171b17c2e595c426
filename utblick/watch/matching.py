"""Ranking items for a query with BM25 over Swedish and English stems (docs/adr/0010).

A query is what a unit watches for: its keywords (each a Swedish and an English side, see
``WatchProfile.keywords``), its programmes and the strategy's directions and themes. Each query
word scores an item with BM25 (Robertson–Spärck Jones idf, k1 = 1.2, b = 0.75), taking the
better of the word's Swedish and English stem; direction and theme words score at half weight;
a call of a programme of interest gets a fixed bonus. Every ranked item carries its reasons, in
the user's own words ("climate adaptation", "LIFE", "Friska ekosystem").

The index is an inverted index over stems with the BM25 weight of each (stem, item) pair
precomputed, held in numpy arrays: ranking a query sums a handful of postings with one
``bincount``, so thousands of profiles rank against ten thousand items in about a second.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from django.utils.translation import get_language

from . import text

K1 = 1.2
B = 0.75
DIRECTION_WEIGHT = 0.5
PROGRAMME_BONUS = 1.5
MAX_RESULTS = 30


@dataclass(frozen=True)
class Phrase:
    """Words the user wrote (one side of a keyword, a direction's name) and their stems per word."""

    label: str
    words: tuple[tuple[str, ...], ...]
    surface: tuple[str, ...] = ()  # the words as written, one per entry of ``words``
    origin: str = ""  # for a translation found through a keyword pair: the words searched
    # For either side of a profile's keyword pair: the label is the Swedish side and this the English
    # one, so a match through "school exchanges" reads "skolutbyte" in Swedish and "school exchanges" in English.
    english: str = ""

    @classmethod
    def of(cls, words: str, *, label: str = "", english: str = "") -> "Phrase":
        surface = tuple(text.words(words))
        return cls(label or words, tuple(text.stems_of(word) for word in surface), surface, english=english)


class Reason(NamedTuple):
    kind: str  # "keyword", "programme", "direction", "theme"
    text: str
    english: str = ""  # the keyword's English side, shown instead when the reader reads English

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, **({"english": self.english} if self.english else {})}


@dataclass
class Query:
    keywords: list[Phrase] = field(default_factory=list)
    programmes: dict[str, str] = field(default_factory=dict)  # key -> name shown to the user
    directions: list[tuple[str, Phrase]] = field(default_factory=list)  # (kind, phrase)
    # For one engagement's funding: a call of its programme is worth showing even if no word matches.
    programme_alone: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.keyword_words or self.direction_words or self.programmes)

    @property
    def keyword_words(self) -> list[tuple[str, ...]]:
        return list(dict.fromkeys(word for phrase in self.keywords for word in phrase.words))

    @property
    def direction_words(self) -> list[tuple[str, ...]]:
        seen = set(self.keyword_words)
        words = [word for _kind, phrase in self.directions for word in phrase.words if word not in seen]
        return list(dict.fromkeys(words))

    def all_stems(self) -> set[str]:
        return {stem for word in self.keyword_words + self.direction_words for stem in word}


@dataclass(frozen=True)
class Ranked:
    item_id: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Document:
    item_id: int
    stems: Sequence[str]
    programme: str = ""
    owner: int = 0  # the organisation of the item's source; 0 for items every organisation sees


@dataclass(frozen=True)
class CorpusStats:
    """Size, average length and document frequencies of the corpus the idf is computed over."""

    size: int
    average_length: float
    document_frequency: dict[str, int]


class Index:
    """BM25 over a set of documents; ``stats`` lets a sample of documents be scored against a larger corpus."""

    def __init__(self, documents: Iterable[Document], *, stats: CorpusStats | None = None):
        ids: list[int] = []
        lengths: list[int] = []
        owners: list[int] = []
        programme_codes: list[int] = []
        self._programmes: dict[str, int] = {}
        # A new stem gets the next number: the dictionary's size when it is first seen.
        vocabulary: defaultdict[str, int] = defaultdict()
        vocabulary.default_factory = vocabulary.__len__
        term_ids: list[int] = []
        for document in documents:
            ids.append(document.item_id)
            lengths.append(len(document.stems))
            owners.append(document.owner)
            programme_codes.append(self._programmes.setdefault(document.programme, len(self._programmes)))
            term_ids.extend(map(vocabulary.__getitem__, document.stems))
        self.ids = np.asarray(ids, dtype=np.int64)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.programme_codes = np.asarray(programme_codes, dtype=np.int32)
        length = np.asarray(lengths, dtype=np.float32)
        size = stats.size if stats else len(ids)
        average = (stats.average_length if stats else float(length.mean()) if len(ids) else 0.0) or 1.0
        # Term frequencies per (term, document) pair, sorted by term then document: the postings.
        documents_of = np.repeat(np.arange(len(ids), dtype=np.int64), np.asarray(lengths, dtype=np.int64))
        pairs = np.asarray(term_ids, dtype=np.int64) * max(len(ids), 1) + documents_of
        pairs, tf = np.unique(pairs, return_counts=True)
        terms = pairs // max(len(ids), 1)
        positions = (pairs % max(len(ids), 1)).astype(np.int32)
        starts = np.searchsorted(terms, np.arange(len(vocabulary) + 1))
        df = np.diff(starts)
        if stats:
            stems = list(vocabulary)
            df = np.asarray([stats.document_frequency.get(stem, int(df[n])) for n, stem in enumerate(stems)])
        idf = np.log(1 + (size - df + 0.5) / (df + 0.5)).astype(np.float32)
        tf = tf.astype(np.float32)
        norm = K1 * (1 - B + B * length / average)
        weights = idf[terms] * tf * (K1 + 1) / (tf + norm[positions])
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {
            stem: (positions[starts[n] : starts[n + 1]], weights[starts[n] : starts[n + 1]])
            for stem, n in vocabulary.items()
        }
        self._words: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._masks: dict[tuple[int, ...], np.ndarray] = {}
        self._owner_masks: dict[int, np.ndarray] = {}
        self._empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, documents: Iterable[Document], stats: CorpusStats | None = None) -> "Index":
        return cls(documents, stats=stats)

    def word_postings(self, stems: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """One word's postings: per document the better of its Swedish and English stem's weight."""
        found = self._words.get(stems)
        if found is not None:
            return found
        parts = [self._postings[stem] for stem in stems if stem in self._postings]
        if not parts:
            found = self._empty
        elif len(parts) == 1:
            found = parts[0]
        else:
            positions = np.concatenate([p for p, _w in parts])
            weights = np.concatenate([w for _p, w in parts])
            order = np.argsort(positions, kind="stable")
            positions, weights = positions[order], weights[order]
            # A word has at most two stems, so a document appears at most twice: keep the larger weight once.
            twice = positions[1:] == positions[:-1]
            weights[:-1][twice] = np.maximum(weights[:-1][twice], weights[1:][twice])
            keep = np.ones(len(positions), dtype=bool)
            keep[1:][twice] = False
            found = (positions[keep], weights[keep])
        self._words[stems] = found
        return found

    def _sum(self, words: list[tuple[str, ...]]) -> np.ndarray:
        postings = [self.word_postings(word) for word in words]
        postings = [p for p in postings if len(p[0])]
        if not postings:
            return np.zeros(len(self.ids), dtype=np.float64)
        positions = np.concatenate([p for p, _w in postings])
        weights = np.concatenate([w for _p, w in postings])
        return np.bincount(positions, weights=weights, minlength=len(self.ids))

    def _programme_mask(self, programmes: Iterable[str]) -> np.ndarray:
        codes = tuple(sorted(self._programmes[key] for key in programmes if key in self._programmes))
        found = self._masks.get(codes)
        if found is None:
            found = np.isin(self.programme_codes, codes) if codes else np.zeros(len(self.ids), dtype=bool)
            self._masks[codes] = found
        return found

    def _others(self, owner: int) -> np.ndarray:
        """The documents of other organisations' sources (0 is the installation's, seen by all)."""
        found = self._owner_masks.get(owner)
        if found is None:
            found = self._owner_masks[owner] = (self.owners != 0) & (self.owners != owner)
        return found

    def rank(self, query: Query, *, limit: int = MAX_RESULTS, owner: int | None = None) -> list[Ranked]:
        """The best ``limit`` documents for the query; ``owner`` keeps the documents that organisation sees."""
        if not len(self.ids) or query.is_empty:
            return []
        keyword_words, direction_words = query.keyword_words, query.direction_words
        scores = self._sum(keyword_words)
        if direction_words:
            scores += DIRECTION_WEIGHT * self._sum(direction_words)
        programme = self._programme_mask(query.programmes)
        if (keyword_words or direction_words) and not query.programme_alone:
            # The programme lifts what the words found; it does not stand in for them.
            scores = np.where(programme & (scores > 0), scores + PROGRAMME_BONUS, scores)
        else:
            scores = np.where(programme, scores + PROGRAMME_BONUS, scores)
        if owner is not None:
            scores[self._others(owner)] = 0.0
        candidates = np.flatnonzero(scores > 0)
        if not len(candidates):
            return []
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(scores[candidates], -limit)[-limit:]]
        candidates = candidates[np.lexsort((self.ids[candidates], -scores[candidates]))]
        return self._explain(query, candidates, scores, programme)

    def _contains(self, word: tuple[str, ...], candidates: np.ndarray) -> np.ndarray:
        """Which of the candidates contain the word (postings are sorted by position)."""
        positions, _weights = self.word_postings(word)
        if not len(positions):
            return np.zeros(len(candidates), dtype=bool)
        found = np.minimum(np.searchsorted(positions, candidates), len(positions) - 1)
        return positions[found] == candidates

    def _explain(self, query: Query, candidates: np.ndarray, scores: np.ndarray, programme: np.ndarray) -> list[Ranked]:
        words = query.keyword_words + query.direction_words
        contains = {word: self._contains(word, candidates) for word in words}
        reasons: list[list[Reason]] = [[] for _ in candidates]
        for phrase in query.keywords:
            if not phrase.words:
                continue
            if len(phrase.words) == 1:  # most keywords are one word: no partial matches to tell apart
                for row in np.flatnonzero(contains[phrase.words[0]]):
                    reasons[row].append(Reason("keyword", phrase.label, phrase.english))
                continue
            hits = np.vstack([contains[word] for word in phrase.words])
            whole = hits.all(axis=0)
            for row in np.flatnonzero(hits.any(axis=0)):
                if whole[row] or phrase.english:  # a pair is named as the reader knows it, whole
                    reasons[row].append(Reason("keyword", phrase.label, phrase.english))
                else:
                    # Say which words matched, not the whole phrase.
                    surface = phrase.surface or tuple(phrase.label for _word in phrase.words)
                    shown = " ".join(dict.fromkeys(w for w, hit in zip(surface, hits[:, row], strict=True) if hit))
                    reasons[row].append(Reason("keyword", f"{shown} ({phrase.origin})" if phrase.origin else shown))
        names = {self._programmes[key]: name for key, name in query.programmes.items() if key in self._programmes}
        for row in np.flatnonzero(programme[candidates]):
            reasons[row].append(Reason("programme", names.get(int(self.programme_codes[candidates[row]]), "")))
        for kind, phrase in query.directions:
            if not phrase.words:
                continue
            hits = (
                contains[phrase.words[0]]
                if len(phrase.words) == 1
                else np.vstack([contains[w] for w in phrase.words]).any(axis=0)
            )
            for row in np.flatnonzero(hits):
                reasons[row].append(Reason(kind, phrase.label))
        return [
            Ranked(int(self.ids[position]), round(float(scores[position]), 3), tuple(dict.fromkeys(reasons[row])))
            for row, position in enumerate(candidates)
        ]


def reason_text(reason: Any) -> str:
    """A stored or fresh reason in the active language: a keyword pair's English side in English."""
    text, english = (
        (reason.get("text", ""), reason.get("english", ""))
        if isinstance(reason, dict)
        else (reason.text, reason.english)
    )
    return english if english and (get_language() or "").startswith("en") else text


def reasons_text(reasons: Iterable[Any]) -> str:
    """ "klimatanpassning, LIFE, Friska ekosystem" from stored or fresh reasons."""
    return ", ".join(part for part in dict.fromkeys(reason_text(reason) for reason in reasons) if part)
