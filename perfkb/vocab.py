"""Load the vocabularies kept as data in perfkb/vocab/*.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

VOCAB_DIR = Path(__file__).parent / "vocab"
# a printed weight or score range: 产出指标(50分), 成本指标(0-20)分
_WEIGHT = re.compile(r"[(（]\s*\d+(\.\d+)?(?:\s*[-~—－]\s*\d+(\.\d+)?)?\s*分?\s*[)）]分?$")
# A heading's numbering (一、 1. （二）) and a note in brackets (时效指标(工期指标)) are not the label.
SECTION_NUMBER = r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])"  # 一、 （二）: a section's
_NUMBERING = re.compile(rf"^(?:{SECTION_NUMBER}|\d+[、.．](?!\d)|[(（]\d+[)）])")
POINTS = r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]"  # a weight printed in brackets: (50分)
TEMPLATE_NUMBER = re.compile(r"^指标\s*\d+\s*[:：]\s*")  # 指标1: before a template's names
NOTE = re.compile(r"[(（][^()（）]*[)）]")  # a note in brackets


@lru_cache(maxsize=1 << 16)  # labels repeat in every table
def norm_label(text: str) -> str:
    """A category label as compared: NFKC, no white space, no trailing weight or colon."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text).rstrip(":：")
    return _NUMBERING.sub("", _WEIGHT.sub("", text))


def without_weight(label: str) -> str:
    """A printed label without its weight: 产出指标(50分) -> 产出指标, 成本指标(0-20)分 -> 成本指标."""
    return _WEIGHT.sub("", label.rstrip()).rstrip() or label


def bare_label(label: str) -> str:
    """A normalised label without notes in brackets: 预算(或投资规模)控制指标 -> 预算控制指标."""
    return NOTE.sub("", label) if "(" in label else label


@dataclass(frozen=True)
class Level2:
    names: tuple[str, ...]
    parents: frozenset[str]
    std: tuple[str, str]
    anchor: bool = True  # whether glued text may be split at it (else only a whole cell is one)


@dataclass(frozen=True)
class Categories:
    level1_std: dict[str, str]  # level-1 label -> framework level-1 ("" = none)
    level2: dict[str, Level2]  # every level-2 spelling -> its category
    level1_whole_cell: frozenset[str] = frozenset()  # level-1 labels glued text is not split at

    @cached_property
    def level1_mark(self) -> re.Pattern:
        """What any text holding a level-1 label contains: the character a label ends with
        (or one NFKC turns into it), a test in C before every cell of a row is normalised."""
        return _holding(self.level1_std)

    def is_level1(self, text: str) -> bool:
        label = norm_label(text)
        return label in self.level1_std or bare_label(label) in self.level1_std

    def find_level2(self, text: str) -> Level2 | None:
        label = norm_label(text)
        return self.level2.get(label) or self.level2.get(bare_label(label))

    def is_level2(self, text: str) -> bool:
        return self.find_level2(text) is not None

    def is_label(self, text: str) -> bool:
        """A category label of either level."""
        return self.is_level1(text) or self.is_level2(text)

    def fits(self, level1: str, level2: str) -> bool | None:
        """Whether level2 may sit under level1; None when level2 is not in the vocabulary."""
        entry = self.find_level2(level2)
        if entry is None:
            return None
        label = norm_label(level1)
        return label in entry.parents or bare_label(label) in entry.parents

    def standard(self, level1: str, level2: str) -> tuple[str, str]:
        """(level1_std, level2_std) in the national framework; "" where there is none."""
        entry = self.find_level2(level2) if level2 else None
        if entry is not None and (not level1 or self.fits(level1, level2)):
            return entry.std
        label = norm_label(level1)
        return self.level1_std.get(label, self.level1_std.get(bare_label(label), "")), ""


# Blocks of characters NFKC turns into ideographs (radicals, enclosed and compatibility forms).
_COMPAT_BLOCKS = ((0x2E80, 0x2FDF), (0x3200, 0x33FF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _holding(labels: Iterable[str]) -> re.Pattern:
    last = {label[-1] for label in labels if label}
    compat = {
        chr(c) for lo, hi in _COMPAT_BLOCKS for c in range(lo, hi + 1) if unicodedata.normalize("NFKC", chr(c)) in last
    }
    return re.compile("[" + re.escape("".join(sorted(last | compat))) + "]")


@cache
def categories() -> Categories:
    data = tomllib.loads((VOCAB_DIR / "categories.toml").read_text(encoding="utf-8"))
    endings = data["spellings"]["endings"]

    def spellings(name: str) -> list[str]:
        label = norm_label(name)
        return [label] + [label.removesuffix("指标") + e for e in endings if label.endswith("指标")]

    level1 = {s: v["std"] for k, v in data["level1"].items() for s in spellings(k)}
    level2: dict[str, Level2] = {}
    for item in data["level2"]:
        entry = Level2(
            names=tuple(item["names"]),
            parents=frozenset(s for p in item["parents"] for s in spellings(p)),
            std=(item["std"][0], item["std"][1]),
            anchor=item.get("anchor", True),
        )
        for name in entry.names:
            level2.update(dict.fromkeys(spellings(name), entry))
    whole_cell = frozenset(s for k, v in data["level1"].items() if not v.get("anchor", True) for s in spellings(k))
    return Categories(level1, level2, whole_cell)


@cache
def form_fields() -> re.Pattern:
    """Any field label of a project's form (vocab/headers.toml [form]), longest first, captured."""
    words = tomllib.loads((VOCAB_DIR / "headers.toml").read_text(encoding="utf-8"))["form"]["fields"]
    return re.compile("(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")")


@cache
def value_words() -> dict:
    return tomllib.loads((VOCAB_DIR / "values.toml").read_text(encoding="utf-8"))
