"""A reviewer's query: place and year words become filters, the rest is searched.

`吕梁 满意度` -> city 吕梁市 + text 满意度; `2024 石家庄 电子警察` -> year 2024, city 石家庄市 + text 电子警察.
Place names are those of the documents in the database (full names and short forms: 吕梁市 -> 吕梁,
河北省 -> 河北, 曲阳县 -> 曲阳), so a word is a filter only where it names a place the data has;
other place names the gazetteer knows are reported, so that the page can say the data has none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from perfkb.search import NEAR_DISTANCE, query_terms, quote
from perfkb.segment import words

PLACE_COLUMNS = ("province", "city", "county")
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)
_YEAR = re.compile(r"^((?:19|20)\d\d)(?:年度|年)?(?!\d)")
_SPLIT = re.compile(r"[\s,，、;；/|]+")


def short_name(name: str) -> str | None:
    """吕梁市 -> 吕梁, 河北省 -> 河北; None when nothing of two characters or more would remain."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@dataclass
class Gazetteer:
    """Place words of the data: word -> [(column, full name)], longest words tried first."""

    words: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    prefixes: list[str] = field(default_factory=list)  # words that may start a longer token
    known_elsewhere: frozenset[str] = frozenset()  # place names with no document in the data

    @classmethod
    def from_rows(cls, rows, known_elsewhere=frozenset()) -> Gazetteer:
        found: dict[str, list[tuple[str, str]]] = {}
        prefixes = set()
        for row in rows:
            for column, value in zip(PLACE_COLUMNS, row):
                if not value:
                    continue
                for word in (value, short_name(value)):
                    if word and (column, value) not in found.setdefault(word, []):
                        found[word].append((column, value))
                prefixes.add(value)
                if column != "county" and short_name(value):
                    # 吕梁满意度 reads as 吕梁 + 满意度; a county's short form only as a word of its own
                    prefixes.add(short_name(value))
        return cls(found, sorted(prefixes, key=len, reverse=True), frozenset(known_elsewhere) - set(found))


@dataclass
class ParsedQuery:
    text: str  # what is searched
    filters: dict[str, list[str]]  # column -> values, from place and year words
    places: list[str]  # the words read as places or years, in order
    unknown_places: list[str]  # place names the data has no document for


def parse(query: str, gazetteer: Gazetteer, use_places: bool = True) -> ParsedQuery:
    query = unicodedata.normalize("NFKC", query or "").strip()
    if not use_places:
        return ParsedQuery(query, {}, [], [])
    filters: dict[str, list[str]] = {}
    places, unknown, rest = [], [], []

    def add(column, value):
        values = filters.setdefault(column, [])
        if value not in values:
            values.append(value)

    for token in _SPLIT.split(query):
        while token:
            year = _YEAR.match(token)
            if year:
                add("year", year.group(1))
                places.append(year.group(0))
                token = token[year.end() :]
                continue
            if token in gazetteer.words:
                for column, value in gazetteer.words[token]:
                    add(column, value)
                places.append(token)
                token = ""
                break
            if token in gazetteer.known_elsewhere:
                unknown.append(token)
                places.append(token)
                token = ""
                break
            prefix = next((p for p in gazetteer.prefixes if token.startswith(p) and len(token) > len(p)), None)
            if prefix is None:
                break
            for column, value in gazetteer.words[prefix]:
                add(column, value)
            places.append(prefix)
            token = token[len(prefix) :]
        if token:
            rest.append(token)
    return ParsedQuery(" ".join(rest), filters, places, unknown)


def _term_expression(term: str) -> str:
    """One term: its words together in one field (NEAR), its characters as a phrase anywhere, or
    each of its words somewhere in the row (电子警察维护 finds a project 电子警察… with an
    indicator 维护…); the closer forms add to the bm25 score."""
    chars = lambda t: list(t) if re.match(r"[\u3400-\u9fff]", t) else [t]  # noqa: E731
    phrase = "chars : " + quote(" ".join(chars(term)))
    term_words = [w for w in words(term) if w.strip()]
    if len(term_words) <= 1:
        return f"({quote(term)} OR {phrase})"
    near = "NEAR(" + " ".join(quote(w) for w in term_words) + f", {NEAR_DISTANCE})"
    each = " AND ".join(f"({quote(w)} OR chars : {quote(' '.join(chars(w)))})" for w in term_words)
    return f"({near} OR {phrase} OR ({each}))"


def fts_expression(text: str) -> str | None:
    """FTS5 MATCH expression for the search page (every term must match), None for no terms."""
    terms = query_terms(text)[:12]
    return " AND ".join(_term_expression(t) for t in terms) if terms else None


def name_expression(text: str) -> str | None:
    """The query's words in the indicator's own name (level3), every term: the first tier of a
    result list too long to rank by bm25."""
    parts = []
    for term in query_terms(text)[:12]:
        term_words = [w for w in words(term) if w.strip()]
        if len(term_words) > 1:
            parts.append("{level3} : NEAR(" + " ".join(quote(w) for w in term_words) + f", {NEAR_DISTANCE})")
        else:
            parts.append("{level3} : " + quote(term))
    return " AND ".join(parts) if parts else None


def set_expression(text: str) -> str | None:
    """An FTS5 expression matching exactly the rows fts_expression matches, cheaper to evaluate
    (for counting and facets, not for scoring): every word's characters as a phrase in `chars`.
    A jieba word in a field implies its characters side by side in `chars`, and NEAR or the whole
    term's phrase imply each word's, so the disjunctions reduce to this."""
    chars = lambda t: list(t) if re.match(r"[\u3400-\u9fff]", t) else [t]  # noqa: E731
    parts = []
    for term in query_terms(text)[:12]:
        term_words = [w for w in words(term) if w.strip()] or [term]
        parts.extend("chars : " + quote(" ".join(chars(w))) for w in term_words)
    return " AND ".join(parts) if parts else None
