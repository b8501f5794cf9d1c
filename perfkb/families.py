"""Indicator families: same-meaning indicators across documents, and level-2 inference.

A family is a set of normalised names (群众满意度 and 服务对象满意率 are one form) joined by the
scorer of similarity.py, so the comparison across cities uses the same notion of "the same
indicator" as the similar-indicator lookup: two forms are joined when each is more likely than
not the other's match (score ≥ FAMILY_SCORE), best pairs first, and never when one project lists
a name of each (a project does not measure one thing twice). Everything here works on groups of
rows that share name, categories, unit and city (counted by the database), so its cost grows
with distinct names, not with rows; a family is a function of the name, an inferred level 2 of
the name and its level-1 category.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from .similarity import NameContext, NameIndex, normalize

FAMILY_SCORE = 50.0  # more likely the same indicator than not
FAMILY_CANDIDATES = 20  # nearest forms (by character cosine) considered for joining
FAMILY_COSINE = 0.5  # below this cosine no pair reaches FAMILY_SCORE
INFER_SCORE = 30.0  # a level 2 is taken from a form of another family only if it is at least this close


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


def _most_common(counter: Counter) -> str:
    return counter.most_common(1)[0][0] if counter else ""


def form_index(groups: list[NameGroup], co_listed: set[tuple[str, str]]) -> NameIndex:
    """A NameIndex of the distinct normalised forms, each with the most frequent level 2 and unit
    of its rows, and two forms co-listed when a project lists a name of each."""
    level2: dict[str, Counter] = defaultdict(Counter)
    unit: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, None] = {}
    for g in groups:
        form = normalize(g.level3)
        forms[form] = None
        if g.level2_std:
            level2[form][g.level2_std] += g.count
        if g.unit:
            unit[form][g.unit] += g.count
    pairs = {(min(fa, fb), max(fa, fb)) for a, b in co_listed for fa, fb in [(normalize(a), normalize(b))] if fa != fb}
    return NameIndex([NameContext(f, _most_common(level2[f]), _most_common(unit[f])) for f in forms], pairs)


def pair_scores(index: NameIndex) -> dict[tuple[str, str], float]:
    """(a, b) with a < b -> their score (the same both ways), for every pair of forms where one
    is among the other's FAMILY_CANDIDATES nearest by cosine, at least FAMILY_COSINE."""
    scores: dict[tuple[str, str], float] = {}
    for query in index.contexts:
        near, cosine = index.candidates(query.name, FAMILY_CANDIDATES, FAMILY_COSINE)
        new = [
            i
            for i, other in enumerate(near)
            if (min(query.name, other.name), max(query.name, other.name)) not in scores
        ]
        if new:
            others = [near[i] for i in new]
            for other, score in zip(others, index.score(query, others, cosine[new])):
                scores[min(query.name, other.name), max(query.name, other.name)] = float(score)
    return scores


def join_forms(index: NameIndex) -> dict[str, str]:
    """Each form -> a representative form of its family: average linkage, the closest pair of
    families first, while their mean pair score (0 for pairs never compared) is at least
    FAMILY_SCORE and no project lists a member of each."""
    members = {c.name: [c.name] for c in index.contexts}
    beside = {c.name: set(index.co_listed_with(c.name)) for c in index.contexts}  # co-listed with a member
    link: dict[str, dict[str, float]] = defaultdict(dict)  # family -> family -> sum of pair scores
    for (a, b), score in pair_scores(index).items():
        link[a][b] = link[b][a] = score
    heap = [(-score / 1.0, a, b) for a in link for b, score in link[a].items() if a < b]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in link[a]:
            continue
        mean = link[a][b] / (len(members[a]) * len(members[b]))
        if mean != -negative:  # the entry is stale: a family changed since
            continue
        if mean < FAMILY_SCORE:
            break
        if beside[a] & set(members[b]):
            continue
        members[a] += members.pop(b)
        beside[a] |= beside.pop(b)
        for c, score in link.pop(b).items():
            del link[c][b]
            if c != a:
                link[a][c] = link[c][a] = link[a].get(c, 0.0) + score
        link[a].pop(a, None)
        for c, score in link[a].items():
            heapq.heappush(heap, (-score / (len(members[a]) * len(members[c])), *sorted((a, c))))
    return {form: root for root, forms in members.items() for form in forms}


def assign_families(
    groups: list[NameGroup], co_listed: set[tuple[str, str]]
) -> tuple[list[dict], dict[str, int], dict[tuple[str, str], str]]:
    """(families, level3 -> family id, (level1_std, level3) -> inferred level2_std for the rows
    of that name and category printed without level 2). co_listed: pairs of names (a < b) that
    one project lists together."""
    groups = sorted(groups, key=lambda g: g.first_id)
    kinds = _without_city(groups)
    index = form_index(kinds, co_listed)
    root = join_forms(index)
    family_root = {g.level3: root[normalize(g.level3)] for g in kinds}
    members: dict[str, list[NameGroup]] = defaultdict(list)
    for g in groups:
        members[family_root[g.level3]].append(g)
    families, family_of = [], {}
    for family_id, family in enumerate(sorted(members.values(), key=lambda gs: gs[0].first_id), 1):
        labels: Counter = Counter()
        for g in family:
            labels[g.level3] += g.count
        families.append(
            {
                "id": family_id,
                "label": labels.most_common(1)[0][0],
                "size": sum(g.count for g in family),
                "n_cities": len({g.city for g in family if g.city}),
            }
        )
        family_of.update({g.level3: family_id for g in family})
    return families, family_of, _infer_level2(kinds, index, family_of)


def _without_city(groups: list[NameGroup]) -> list[NameGroup]:
    """The groups merged over cities (in id order, as given): what scoring and inference look at."""
    merged: dict[tuple[str, str, str, str], NameGroup] = {}
    for g in groups:
        key = (g.level3, g.level1_std, g.level2_std, g.unit)
        if key in merged:
            merged[key].count += g.count
        else:
            merged[key] = NameGroup(*key, "", g.count, g.first_id)
    return list(merged.values())


def _infer_level2(groups: list[NameGroup], index: NameIndex, family_of: dict[str, int]) -> dict[tuple[str, str], str]:
    """level2_std for names a table printed without level 2: the most frequent one printed in
    its family under the same level-1 category, else that of the best-scoring labelled form of
    that category."""
    in_family: dict[tuple[int, str], Counter] = defaultdict(Counter)
    labelled: dict[str, dict[str, str]] = defaultdict(dict)  # level1_std -> form -> level2_std (first seen)
    for g in groups:
        if g.level2_std and g.level1_std:
            in_family[family_of[g.level3], g.level1_std][g.level2_std] += g.count
            labelled[g.level1_std].setdefault(normalize(g.level3), g.level2_std)
    inferred: dict[tuple[str, str], str] = {}
    nearest: dict[tuple[str, str], str] = {}  # (level1_std, form) -> level2_std of its best labelled form
    for g in groups:
        key, form = (g.level1_std, g.level3), normalize(g.level3)
        if g.level2_std or not labelled.get(g.level1_std) or key in inferred:
            continue
        found = _most_common(in_family[family_of[g.level3], g.level1_std])
        if not found and (g.level1_std, form) not in nearest:
            options = labelled[g.level1_std]
            if len(set(options.values())) == 1:
                nearest[g.level1_std, form] = next(iter(options.values()))
            else:
                cosine = index.cosines(form)
                near = sorted(options, key=lambda f: -cosine[index.position[f]])[:FAMILY_CANDIDATES]
                scores = index.score(
                    NameContext(form, unit=g.unit),
                    [index.context(f) for f in near],
                    np.array([cosine[index.position[f]] for f in near]),
                )
                best = int(np.argmax(scores))
                nearest[g.level1_std, form] = options[near[best]] if scores[best] >= INFER_SCORE else ""
        inferred[key] = found or nearest[g.level1_std, form]
    return {key: l2 for key, l2 in inferred.items() if l2}
