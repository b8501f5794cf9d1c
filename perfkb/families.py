"""Indicator families: same-meaning indicators across documents, and level-2 inference.

Names are grouped by their normalised form, then groups are merged when their names score at
least FAMILY_SCORE and their framework categories agree. Candidate pairs come from an
inverted index of each name's words, so names sharing no word are never compared.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .similarity import Candidate, Scorer, name_words, normalize

FAMILY_SCORE = 80.0
INFER_SCORE = 60.0
COMMON_WORD_SHARE = 0.05  # words in more names than this share do not make candidate pairs


@dataclass
class FamilyRow:
    id: int
    level3: str
    level1_std: str
    level2_std: str
    unit: str
    city: str


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def assign_families(rows: list[FamilyRow]) -> tuple[list[dict], dict[int, int], dict[int, str]]:
    """(families, indicator id -> family id, indicator id -> inferred level2_std)."""
    scorer = Scorer([r.level3 for r in rows])
    by_norm: dict[str, list[FamilyRow]] = defaultdict(list)
    for row in rows:
        by_norm[normalize(row.level3)].append(row)

    def category(members: list[FamilyRow]) -> Candidate:
        l1 = Counter(r.level1_std for r in members if r.level1_std).most_common(1)
        l2 = Counter(r.level2_std for r in members if r.level2_std).most_common(1)
        return Candidate(members[0].level3, l1[0][0] if l1 else "", l2[0][0] if l2 else "")

    names = list(by_norm)
    contexts = {n: category(by_norm[n]) for n in names}
    index: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for word in set(name_words(name)):
            index[word].append(name)
    limit = max(2, int(len(names) * COMMON_WORD_SHARE))
    parent = {n: n for n in names}
    for word, group in index.items():
        if len(group) > limit:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if _find(parent, a) == _find(parent, b) or contexts[a].other_category(contexts[b]):
                    continue
                if scorer.name_score(a, b) >= FAMILY_SCORE:
                    parent[_find(parent, a)] = _find(parent, b)

    members: dict[str, list[FamilyRow]] = defaultdict(list)
    for name in names:
        members[_find(parent, name)].extend(by_norm[name])
    families, family_of = [], {}
    for family_id, (_, group) in enumerate(sorted(members.items(), key=lambda kv: min(r.id for r in kv[1])), 1):
        label = Counter(r.level3 for r in group).most_common(1)[0][0]
        families.append({"id": family_id, "label": label, "size": len(group),
                         "n_cities": len({r.city for r in group if r.city})})
        family_of.update({r.id: family_id for r in group})
    return families, family_of, _infer_level2(rows, scorer)


def _infer_level2(rows: list[FamilyRow], scorer: Scorer) -> dict[int, str]:
    """level2_std for rows a table printed without level 2: that of the most similar labelled
    indicator of the same level-1 category, when it is similar enough."""
    labelled: dict[str, dict[str, str]] = defaultdict(dict)  # level1_std -> name -> level2_std
    for row in rows:
        if row.level2_std and row.level1_std:
            labelled[row.level1_std].setdefault(row.level3, row.level2_std)
    choice: dict[tuple[str, str], str] = {}  # (level1_std, name) -> level2_std, each name scored once
    inferred = {}
    for row in rows:
        if row.level2_std or row.level1_std not in labelled:
            continue
        key = (row.level1_std, row.level3)
        if key not in choice:
            options = labelled[row.level1_std]
            best = max(options, key=lambda name: scorer.name_score(row.level3, name))
            unanimous = len(set(options.values())) == 1
            choice[key] = options[best] if unanimous or scorer.name_score(row.level3, best) >= INFER_SCORE else ""
        if choice[key]:
            inferred[row.id] = choice[key]
    return inferred
