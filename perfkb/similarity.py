"""Similarity of indicator names across documents.

Plain edit distance is the wrong tool: 交通事故下降率 and 交通违法行为下降率 look alike and
differ, 群众满意度 and 服务对象满意度 look different and mean the same. So a pair of names is
scored from signals that are free in our own data and hold in general:

- the character 1-2-gram TF-IDF cosine of the normalised names (NFKC, brackets and filler
  dropped, general synonyms mapped to one word, see vocab/synonyms.toml): a shared rare
  character pair (驾驶, 事故) counts a lot, a shared 率 little;
- the head class of each name, what kind of quantity it measures (satisfaction, pass rate,
  timeliness, count, cost, other rate), from the end of the name or else from its unit;
- agreement of the framework level-2 category and of the unit where both are known;
- whether the two names are listed in one project: a project does not measure one thing twice.

The signals are combined by a logistic model whose weights were fitted by cross-validation
across the families of the development labels (bench/similarity_eval.py), so a score is the
estimated chance, 0-100, that two names are the same indicator.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np

from .vocab import VOCAB_DIR

# Logistic weights, fitted by bench/similarity_eval.py --fit (see FEATURES for their order).
FEATURES = (
    "bias",
    "cosine",
    "contained",
    "swapped",
    "same_last",
    "same_head",
    "other_head",
    "same_level2",
    "other_level2",
    "other_unit",
    "co_listed",
)
WEIGHTS = (-4.17, 6.01, -0.34, -1.47, -1.12, 1.01, 0.36, 1.24, -0.94, -1.56, -1.92)

# What a name measures, told by its last head word (the rightmost match wins, then the longest).
HEADS = {
    "satisfaction": ("满意度", "满意"),
    "pass": ("合格率", "达标率", "完好率", "准确率", "验收", "合格", "达标", "完好", "质量", "正确率", "优良率"),
    "timeliness": ("及时率", "及时", "时间", "时限", "时效", "期限", "周期", "工作日", "日期", "进度"),
    "count": ("数量", "次数", "人次", "人数", "个数", "件数", "数", "量", "面积", "长度", "规模"),
    "cost": ("成本", "费", "经费", "资金", "金额", "价格", "预算", "支出", "投入", "标准"),
    "rate": ("率", "比例", "占比", "覆盖面"),
}
# Units that tell the head class of a name that has no head word.
UNIT_HEADS = {
    "cost": ("元", "万元", "元/人", "万元/公里"),
    "timeliness": ("天", "日", "小时", "分钟", "个月", "月", "年", "日期", "工作日"),
    "rate": ("%",),
}
SLOT = 2  # longest differing part of two names that are otherwise one (see swapped)
CANDIDATES = 300  # names scored per lookup, the nearest by character cosine
_HEAD_WORDS = sorted(((w, head) for head, ws in HEADS.items() for w in ws), key=lambda p: -len(p[0]))
_UNIT_HEAD = {unit: head for head, units in UNIT_HEADS.items() for unit in units}
# What a unit measures: money, time, share, size; anything else counts things.
UNIT_DIMENSIONS = {
    "元": "money",
    "%": "share",
    "平方米": "size",
    "米": "size",
    "公里": "size",
    "亩": "size",
    **{u: "time" for u in UNIT_HEADS["timeliness"]},
}


@cache
def _lexicon() -> tuple[list[tuple[str, str]], list[re.Pattern]]:
    data = tomllib.loads((VOCAB_DIR / "synonyms.toml").read_text(encoding="utf-8"))
    pairs = [(variant, canonical) for canonical, variants in data["synonyms"].items() for variant in variants]
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs, [re.compile(p) for p in data["filler"]["patterns"]]


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """The form names are matched in: 群众满意率（%） -> 服务对象满意度."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or "")).lower()
    pairs, fillers = _lexicon()
    for pattern in fillers:
        text = pattern.sub("", text)
    for i, (variant, _) in enumerate(pairs):
        # Replace via a placeholder so a canonical word is not rewritten again (服务对象 ⊃ 对象).
        text = text.replace(variant, f"\x00{i}\x01")
    return re.sub(r"\x00(\d+)\x01", lambda m: pairs[int(m.group(1))][1], text)


@lru_cache(maxsize=200_000)
def head_class(normal: str, unit: str = "") -> str:
    """satisfaction, pass, timeliness, count, cost, rate, or "" when neither name nor unit tells."""
    best, best_end = "", -1
    for word, head in _HEAD_WORDS:  # longest first, so a tie in end position goes to the longest word
        end = normal.rfind(word)
        if end >= 0 and end + len(word) > best_end:
            best, best_end = head, end + len(word)
    if best:
        return best
    if unit in _UNIT_HEAD:
        return _UNIT_HEAD[unit]
    return "count" if unit else ""


def unit_dimension(unit: str) -> str:
    """万元/公里 -> money, 个 -> count, "" -> ""."""
    base = unit.split("/")[0].removeprefix("万")
    return UNIT_DIMENSIONS.get(base, "count") if base else ""


def grams(normal: str) -> Counter:
    """Character unigrams and bigrams of a normalised name."""
    return Counter([*normal, *(normal[i : i + 2] for i in range(len(normal) - 1))])


@dataclass
class NameContext:
    """A distinct indicator name and what the data says about it (most frequent values)."""

    name: str
    level2_std: str = ""
    unit: str = ""
    normal: str = field(init=False)
    head: str = field(init=False)

    def __post_init__(self) -> None:
        self.normal = normalize(self.name)
        self.head = head_class(self.normal, self.unit)


def logistic(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def swapped(a: str, b: str) -> bool:
    """a and b are one name with a short slot filled differently: 驾驶证合格率/行驶证合格率,
    供电时间/供水时间, 市内/市外住宿费 (the same frame, another object)."""
    if abs(len(a) - len(b)) >= SLOT:
        return False
    start = len(os.path.commonprefix([a, b]))
    end = len(os.path.commonprefix([a[start:][::-1], b[start:][::-1]]))
    rest_a, rest_b = len(a) - start - end, len(b) - start - end
    return 0 < rest_a <= SLOT and 0 < rest_b <= SLOT


def pair_features(
    query: NameContext, others: list[NameContext], cosine: np.ndarray, co_listed: np.ndarray
) -> np.ndarray:
    """One row of FEATURES per other name."""
    normal, head, level2, dimension = query.normal, query.head, query.level2_std, unit_dimension(query.unit)
    rows = np.zeros((len(others), len(FEATURES)))
    rows[:, 0] = 1.0
    rows[:, 1] = cosine
    for row, other in zip(rows, others):
        other_normal, other_dimension = other.normal, unit_dimension(other.unit)
        row[2] = normal != other_normal and (normal in other_normal or other_normal in normal)
        row[3] = swapped(normal, other_normal)
        row[4] = normal[-1:] == other_normal[-1:]  # the head of a Chinese noun phrase is its end
        row[5] = bool(head) and other.head == head
        row[6] = bool(head and other.head) and other.head != head
        row[7] = bool(level2) and other.level2_std == level2
        row[8] = bool(level2 and other.level2_std) and other.level2_std != level2
        row[9] = bool(dimension and other_dimension) and other_dimension != dimension
    rows[:, 10] = co_listed
    return rows


def scores_from_features(rows: np.ndarray, weights: tuple[float, ...] = WEIGHTS) -> np.ndarray:
    """0-100: the estimated chance that the two names are the same indicator."""
    return 100.0 * logistic(rows @ np.asarray(weights))


class NameIndex:
    """Distinct names with their context, a TF-IDF index of their character 1-2-grams, and
    which names are listed together in a project."""

    def __init__(self, contexts: list[NameContext], co_listed: set[tuple[str, str]]):
        self.contexts = contexts
        self.position = {c.name: i for i, c in enumerate(contexts)}
        self.co_listed: dict[str, set[str]] = defaultdict(set)
        for a, b in co_listed:
            self.co_listed[a].add(b)
            self.co_listed[b].add(a)
        normals = [c.normal for c in contexts]
        distinct = list(dict.fromkeys(normals))
        slot = {n: i for i, n in enumerate(distinct)}
        self.normal_of = np.fromiter((slot[n] for n in normals), dtype=np.int64, count=len(normals))
        counts = [grams(n) for n in distinct]
        df = Counter(g for c in counts for g in c)
        self.documents = len(distinct)
        self.idf = {g: self._idf(d) for g, d in df.items()}
        self._vectors = {n: self._vector(c) for n, c in zip(distinct, counts)}
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, n in enumerate(distinct):
            for g, w in self._vectors[n].items():
                ids, ws = postings.setdefault(g, ([], []))
                ids.append(i)
                ws.append(w)
        self.postings = {g: (np.array(ids, dtype=np.int64), np.array(ws)) for g, (ids, ws) in postings.items()}

    def _idf(self, df: int) -> float:
        return math.log((self.documents + 1) / (df + 1)) + 1.0

    def _vector(self, counts: Counter) -> dict[str, float]:
        weights = {g: (1.0 + math.log(n)) * self.idf.get(g, self._idf(0)) for g, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {g: w / norm for g, w in weights.items()}

    def vector(self, normal: str) -> dict[str, float]:
        """The unit TF-IDF vector of a normalised name (kept for the indexed ones)."""
        found = self._vectors.get(normal)
        return found if found is not None else self._vector(grams(normal))

    def cosines(self, name: str) -> np.ndarray:
        """Cosine of name's normal form with every indexed name (indexed by position)."""
        by_normal = np.zeros(self.documents)
        for g, w in self.vector(normalize(name)).items():
            if g in self.postings:
                ids, ws = self.postings[g]
                by_normal[ids] += w * ws
        return by_normal[self.normal_of]

    def context(self, name: str) -> NameContext:
        """The known context of a name, or the bare name when it is not in the data."""
        i = self.position.get(name)
        return self.contexts[i] if i is not None else NameContext(name)

    def co_listed_with(self, name: str) -> set[str]:
        """The names some project lists together with name."""
        return self.co_listed.get(name, set())

    def features(self, query: NameContext, others: list[NameContext], cosine: np.ndarray | None = None) -> np.ndarray:
        """pair_features of query with each other name (cosine: theirs, if already known)."""
        if cosine is None:
            q = self.vector(query.normal)
            cosine = np.array([sum(w * self.vector(o.normal).get(g, 0.0) for g, w in q.items()) for o in others])
        beside = self.co_listed_with(query.name)
        return pair_features(query, others, cosine, np.array([o.name in beside for o in others], dtype=float))

    def score(
        self,
        query: NameContext,
        others: list[NameContext],
        cosine: np.ndarray | None = None,
        weights: tuple[float, ...] = WEIGHTS,
    ) -> np.ndarray:
        """Scores (0-100) of each other name as a match for query."""
        return scores_from_features(self.features(query, others, cosine), weights)

    def candidates(
        self, name: str, limit: int = CANDIDATES, floor: float = 0.0
    ) -> tuple[list[NameContext], np.ndarray]:
        """The limit other names nearest to name by cosine (above floor), and their cosines."""
        cosine = self.cosines(name)
        found = np.flatnonzero(cosine > floor)
        found = found[np.argsort(-cosine[found], kind="stable")[: limit + 1]]
        found = found[[self.contexts[i].name != name for i in found]][:limit] if len(found) else found
        return [self.contexts[i] for i in found], cosine[found]

    def nearest(
        self, name: str, limit: int, include_self: bool = True, weights: tuple[float, ...] = WEIGHTS
    ) -> list[tuple[str, float]]:
        """The limit best names for name, best first, with their scores (0-100); name itself
        first with 100 if include_self and it is a known name."""
        others, cosine = self.candidates(name)
        scores = self.score(self.context(name), others, cosine, weights)
        order = sorted(range(len(others)), key=lambda i: (-scores[i], others[i].name))[:limit]
        found = [(others[i].name, round(float(scores[i]), 1)) for i in order]
        return ([(name, 100.0)] if include_self and name in self.position else []) + found

    def pair_score(self, a: str, b: str, weights: tuple[float, ...] = WEIGHTS) -> float:
        """Score of b as a match for a, with what the data knows about both."""
        if a == b:
            return 100.0
        return round(float(self.score(self.context(a), [self.context(b)], weights=weights)[0]), 1)
