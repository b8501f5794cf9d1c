"""Indicator families: same-meaning indicators across documents, and level-2 inference.

Names are grouped by their normalised form, then groups are merged when their names score at
least FAMILY_SCORE and their framework categories agree. Candidate pairs come from an
inverted index of each name's words, so names sharing no word are never compared. Everything
here works on groups of rows that share name, categories, unit and city (counted by the
database), so its cost grows with distinct names, not with rows; a family is a function of
the name, an inferred level 2 of the name and its level-1 category.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .similarity import Candidate, Scorer, name_words, normalize

FAMILY_SCORE = 80.0
INFER_SCORE = 60.0
COMMON_WORD_SHARE = 0.05  # words in more names than this share do not make candidate pairs


@dataclass
class NameGroup:
    """Indicators that share all of these: how many, and the smallest id (for a stable order)."""
    level3: str
    level1_std: str
    level2_std: str
    unit: str
    city: str
    count: int
    first_id: int


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def assign_families(groups: list[NameGroup]) -> tuple[list[dict], dict[str, int], dict[tuple[str, str], str]]:
    """(families, level3 -> family id, (level1_std, level3) -> inferred level2_std for the rows
    of that name and category printed without level 2)."""
    groups = sorted(groups, key=lambda g: g.first_id)
    scorer = Scorer([g.level3 for g in groups])
    by_norm: dict[str, list[NameGroup]] = defaultdict(list)
    for group in groups:
        by_norm[normalize(group.level3)].append(group)

    def category(members: list[NameGroup]) -> Candidate:
        l1, l2 = Counter(), Counter()
        for g in members:
            if g.level1_std:
                l1[g.level1_std] += g.count
            if g.level2_std:
                l2[g.level2_std] += g.count
        top1, top2 = l1.most_common(1), l2.most_common(1)
        return Candidate(members[0].level3, top1[0][0] if top1 else "", top2[0][0] if top2 else "")

    names = list(by_norm)
    contexts = {n: category(by_norm[n]) for n in names}
    index: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for word in set(name_words(name)):
            index[word].append(name)
    limit = max(2, int(len(names) * COMMON_WORD_SHARE))
    parent = {n: n for n in names}
    for word, candidates in index.items():
        if len(candidates) > limit:
            continue
        for i, a in enumerate(candidates):
            for b in candidates[i + 1:]:
                if _find(parent, a) == _find(parent, b) or contexts[a].other_category(contexts[b]):
                    continue
                if scorer.name_score(a, b) >= FAMILY_SCORE:
                    parent[_find(parent, a)] = _find(parent, b)

    members: dict[str, list[NameGroup]] = defaultdict(list)
    for name in names:
        members[_find(parent, name)].extend(by_norm[name])
    families, family_of = [], {}
    for family_id, (_, family) in enumerate(sorted(members.items(), key=lambda kv: min(g.first_id for g in kv[1])), 1):
        labels: Counter = Counter()
        for g in sorted(family, key=lambda g: g.first_id):
            labels[g.level3] += g.count
        families.append({"id": family_id, "label": labels.most_common(1)[0][0],
                         "size": sum(g.count for g in family), "n_cities": len({g.city for g in family if g.city})})
        family_of.update({g.level3: family_id for g in family})
    return families, family_of, _infer_level2(groups, scorer)


def _infer_level2(groups: list[NameGroup], scorer: Scorer) -> dict[tuple[str, str], str]:
    """level2_std for names a table printed without level 2: that of the most similar labelled
    name of the same level-1 category, when it is similar enough (groups come in id order)."""
    labelled: dict[str, dict[str, str]] = defaultdict(dict)  # level1_std -> name -> level2_std
    for g in groups:
        if g.level2_std and g.level1_std:
            labelled[g.level1_std].setdefault(g.level3, g.level2_std)
    inferred = {}
    for g in groups:
        key = (g.level1_std, g.level3)
        if g.level2_std or g.level1_std not in labelled or key in inferred:
            continue
        options = labelled[g.level1_std]
        names = list(options)
        scores = scorer.name_scores(g.level3, names)  # the character part for all names in one call
        best = max(range(len(names)), key=scores.__getitem__)
        unanimous = len(set(options.values())) == 1
        inferred[key] = options[names[best]] if unanimous or scores[best] >= INFER_SCORE else ""
    return {key: l2 for key, l2 in inferred.items() if l2}
