"""Turning a user's unsegmented Chinese query into an FTS5 expression over the jieba index.

The index (store.py) holds, per row, jieba search-mode tokens of each text column and one
more column, `chars`, with every CJK character as its own token. A query term matches a row
when the row has all of the term's jieba words (交通 违法), or when the term's characters
stand next to each other in one field — a phrase on `chars`, which finds any substring, so
one- and two-character queries (率, 违法) work whatever jieba made of the indexed text.
A multi-word term also matches its words near each other in one field (电子警察设备维护 for
电子警察维护).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .segment import segment, words

NEAR_DISTANCE = 8  # tokens between a multi-word term's words that still count as one phrase
FIELD_BREAK = "qqbreak"  # a token between fields in `chars`, so a phrase cannot span two fields
_TERM = re.compile(r"[\u3400-\u9fff]+|[0-9a-z]+(?:\.[0-9]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _chars(term: str) -> list[str]:
    """A term's `chars` tokens: CJK characters one by one, a letter/digit run whole."""
    return list(term) if _CJK.match(term) else [term]


@lru_cache(maxsize=1 << 17)  # field values repeat on every row of a project
def char_tokens(text: str) -> str:
    """12123语音 -> '12123 语 音'."""
    return " ".join(t for term in query_terms(text) for t in _chars(term))


def chars_field(values: list[str]) -> str:
    return f" {FIELD_BREAK} ".join(char_tokens(v) for v in values if v)


def query_terms(query: str) -> list[str]:
    """The searchable runs of a query (FTS syntax and punctuation dropped)."""
    return _TERM.findall(unicodedata.normalize("NFKC", query or "").lower())


def quote(token: str) -> str:
    """An FTS5 string token, with any double quote in it escaped."""
    return '"' + token.replace('"', '""') + '"'


def fts_query(query: str) -> str:
    """FTS5 MATCH expression for a user query; every term must match (AND)."""
    parts = []
    for term in query_terms(query):
        phrase = "chars : " + quote(" ".join(_chars(term)))
        term_words = [w for w in words(term) if w.strip()]
        if len(term_words) > 1:
            # The words close together in one field (NEAR never spans two columns).
            near = "NEAR(" + " ".join(quote(w) for w in term_words) + f", {NEAR_DISTANCE})"
            parts.append("(" + near + " OR " + phrase + ")")
        else:
            parts.append("(" + quote(term) + " OR " + phrase + ")")
    # A query with nothing searchable matches nothing rather than everything.
    return " AND ".join(parts) if parts else quote(FIELD_BREAK + "none")


def highlight_terms(query: str) -> list[str]:
    """Strings to mark in results: each term and its jieba words, longest first."""
    found = set()
    for term in query_terms(query):
        found.add(term)
        found.update(w for w in segment(term).split() if len(w) > 1 or len(term) == 1)
    return sorted(found, key=len, reverse=True)
