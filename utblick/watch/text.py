"""Words to stems, in Swedish and English at once.

Every word is stemmed by both snowball stemmers and both stems are kept, so a Swedish keyword
finds Swedish text and an English keyword finds English text whatever the item's language, and
the two spellings of one stem meet ("climate", "climatic" → "climat"). Stop words of both
languages are dropped; numbers are dropped too (years and reference numbers are not subjects).
"""

import html
import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
_SWEDISH = snowballstemmer.stemmer("swedish")
_ENGLISH = snowballstemmer.stemmer("english")

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "within",
        "via",
        "per",
        "eu",
        "new",
        "call",
        "calls",
        "topic",
        "topics",
        "project",
        "projects",
        "och",
        "att",
        "det",
        "som",
        "en",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "han",
        "men",
        "var",
        "jag",
        "sig",
        "från",
        "vi",
        "så",
        "kan",
        "man",
        "när",
        "år",
        "säger",
        "hon",
        "under",
        "också",
        "efter",
        "eller",
        "nu",
        "sin",
        "där",
        "vid",
        "mot",
        "ska",
        "skall",
        "kommer",
        "alla",
        "bara",
        "vara",
        "blir",
        "blev",
        "dessa",
        "detta",
        "denna",
        "mellan",
        "hur",
        "än",
        "sedan",
        "utan",
        "inom",
        "genom",
        "samt",
        "både",
        "vilka",
        "vilken",
        "vilket",
        "hos",
        "deras",
        "dess",
        "sina",
        "sitt",
        "våra",
        "vår",
        "ny",
        "nya",
        "nytt",
        "andra",
        "annat",
        "ut",
        "upp",
        "in",
        "ner",
        "ju",
        "här",
        "kring",
    ]
)
MIN_LENGTH = 2


def plain_text(value: str) -> str:
    """Text without HTML tags and entities, as feeds and portals often deliver it."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())


def words(text: str) -> list[str]:
    """Lower-case words, stop words and numbers left out."""
    return [
        word
        for word in (match.group(0).lower() for match in _WORD.finditer(text or ""))
        if len(word) >= MIN_LENGTH and word not in STOP_WORDS
    ]


@lru_cache(maxsize=200_000)
def stems_of(word: str) -> tuple[str, ...]:
    """The Swedish and the English stem of one lower-case word (one when they agree)."""
    swedish = _SWEDISH.stemWord(word)
    english = _ENGLISH.stemWord(word)
    return (swedish,) if swedish == english else (swedish, english)


def stems(text: str) -> list[str]:
    """Every stem of every word, in order, with repetitions (for term frequencies)."""
    found: list[str] = []
    for word in words(text):
        found.extend(stems_of(word))
    return found


def stem_set(text: str) -> frozenset[str]:
    return frozenset(stems(text))
