"""Chinese word segmentation for the full-text index (jieba search mode)."""

from __future__ import annotations

import logging
import unicodedata
from functools import cache, lru_cache

import jieba


@cache
def tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    loaded = jieba.Tokenizer()
    loaded.initialize()
    return loaded


@lru_cache(maxsize=1 << 17)  # project names and labels repeat on every row
def segment(text: str) -> str:
    """Space-separated search-mode tokens: 交通违法行为下降率 -> 交通 违法 行为 下降 下降率 …

    Search mode also emits the shorter words inside a long one, so a query word found
    inside a compound (违法 in 交通违法行为) matches.
    """
    text = unicodedata.normalize("NFKC", text or "").lower()
    tokens = (t.strip() for t in tokenizer().cut_for_search(text))
    return " ".join(t for t in tokens if t)


def words(text: str) -> list[str]:
    """jieba's precise-mode words of a query term: 电子警察维护 -> [电子警察, 维护]."""
    return [w for w in tokenizer().lcut(unicodedata.normalize("NFKC", text or "").lower()) if w.strip()]
