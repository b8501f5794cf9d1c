"""Load the vocabularies kept as data in perfkb/vocab/*.toml."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

VOCAB_DIR = Path(__file__).parent / "vocab"
_WEIGHT = re.compile(r"[(（]\s*\d+(\.\d+)?\s*分?\s*[)）]$")


@lru_cache(maxsize=1 << 16)  # labels repeat in every table
def norm_label(text: str) -> str:
    """A category label as compared: NFKC, no white space, no trailing weight or colon."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text).rstrip(":：")
    return _WEIGHT.sub("", text)


@dataclass(frozen=True)
class Level2:
    names: tuple[str, ...]
    parents: frozenset[str]
    std: tuple[str, str]


@dataclass(frozen=True)
class Categories:
    level1_std: dict[str, str]  # level-1 label -> framework level-1 ("" = none)
    level2: dict[str, Level2]  # every level-2 spelling -> its category

    def is_level1(self, text: str) -> bool:
        return norm_label(text) in self.level1_std

    def find_level2(self, text: str) -> Level2 | None:
        return self.level2.get(norm_label(text))

    def is_level2(self, text: str) -> bool:
        return self.find_level2(text) is not None

    def fits(self, level1: str, level2: str) -> bool | None:
        """Whether level2 may sit under level1; None when level2 is not in the vocabulary."""
        entry = self.find_level2(level2)
        if entry is None:
            return None
        return norm_label(level1) in entry.parents

    def standard(self, level1: str, level2: str) -> tuple[str, str]:
        """(level1_std, level2_std) in the national framework; "" where there is none."""
        entry = self.find_level2(level2) if level2 else None
        if entry is not None and (not level1 or norm_label(level1) in entry.parents):
            return entry.std
        return self.level1_std.get(norm_label(level1), ""), ""


@cache
def categories() -> Categories:
    data = tomllib.loads((VOCAB_DIR / "categories.toml").read_text(encoding="utf-8"))
    level1 = {norm_label(k): v["std"] for k, v in data["level1"].items()}
    level2: dict[str, Level2] = {}
    for item in data["level2"]:
        entry = Level2(
            names=tuple(item["names"]),
            parents=frozenset(norm_label(p) for p in item["parents"]),
            std=(item["std"][0], item["std"][1]),
        )
        for name in entry.names:
            level2[norm_label(name)] = entry
    return Categories(level1, level2)


@cache
def value_words() -> dict:
    return tomllib.loads((VOCAB_DIR / "values.toml").read_text(encoding="utf-8"))
