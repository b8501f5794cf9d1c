"""Routes of the perfkb plugin: `/` and `/-/search` (the search page), its CSV/JSON export,
`/-/compare` (one indicator across cities, with a chart) and the stylesheet."""

from __future__ import annotations

import asyncio
import csv
import html
import io
import re
import urllib.parse
import weakref
from dataclasses import dataclass

from datasette.database import QueryInterrupted
from datasette.utils.asgi import AsgiStream, Response
from markupsafe import Markup

from perfkb.search import highlight_terms

from . import compare, engine, similar
from .places import gazetteer_names
from .query import Gazetteer, fts_expression, name_expression, parse, set_expression
from .source import source_label, source_url

HERE = __import__("pathlib").Path(__file__).resolve().parent
PAGE_SIZES = (20, 50, 100)
FACET_SHOWN = 8
EXAMPLES = ("电子警察 维护", "吕梁 满意度", "2024 石家庄 电子警察", "群众满意度", "交通违法", "培训")
EXPORT_COLUMNS = {
    "id": "编号",
    "level3": "三级指标",
    "value": "指标值（年度）",
    "value_period": "其他期限指标值（实施期 / 中期 / 半年）",
    "value_op": "运算符",
    "value_num": "数值",
    "value_unit": "单位",
    "value_kind": "定量/定性",
    "level1": "一级指标（原文）",
    "level2": "二级指标（原文）",
    "level1_std": "一级指标（全国框架）",
    "level2_std": "二级指标（全国框架）",
    "project": "项目名称",
    "province": "省",
    "city": "市",
    "county": "县（区）",
    "year": "预算年度",
    "description": "绩效指标描述",
    "basis": "指标值确定依据",
    "table_kind": "表格类型",
    "source_file": "来源文件",
    "source_line": "来源行号",
    "document_id": "文件编号",
    "project_id": "项目编号",
    "family_id": "指标族",
    "_score": "相关度（bm25，越小越相关）",
}


def warm_libraries():
    from perfkb.segment import segment, tokenizer

    tokenizer()
    segment("电子警察维护满意度")
    gazetteer_names()


async def warm_queries(datasette):
    """One search page's statements at start, on every SQL thread's connection, so that the index
    pages the first request needs are in its connection's cache."""
    st = await state(datasette)
    if st is None:
        return
    text = "满意度"
    search = engine.Search(fts_expression(text), {}, 20, name_fts=name_expression(text), set_fts=set_expression(text))

    async def one():
        try:
            per_document = await engine.document_counts(st.db, st.index, search)
            await engine.page(st.db, st.index, search, None, sum(per_document.values()) if per_document else None)
            await engine.facets(st.db, st.index, search, None, per_document)
        except (QueryInterrupted, Exception):  # noqa: BLE001 - warming is best effort
            pass

    # each SQL thread has its own connection and page cache: warm them all, at once
    await asyncio.gather(*(one() for _ in range(datasette.setting("num_sql_threads") or 3)))


@dataclass
class State:
    db: object
    index: engine.Index
    gazetteer: Gazetteer
    config: dict


_states: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_locks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def state(datasette) -> State | None:
    if datasette in _states:
        return _states[datasette]
    lock = _locks.setdefault(datasette, asyncio.Lock())
    async with lock:
        if datasette in _states:
            return _states[datasette]
        config = datasette.plugin_config("perfkb") or {}
        db = None
        wanted = config.get("database")
        for name, candidate in datasette.databases.items():
            if name == "_internal" or (wanted and name != wanted):
                continue
            if "indicators" in await candidate.table_names() and "indicators_fts" in await candidate.table_names():
                db = candidate
                break
        if db is None:
            return None
        index = await engine.load_index(db)
        index.rank_limit = _int(config.get("rank_limit"), 30000, 0, 10**9)
        index.row_facet_limit = _int(config.get("row_facet_limit"), 20000, 0, 10**9)
        places = [(d.get("province"), d.get("city"), d.get("county")) for d in index.documents.rows.values()]
        gazetteer = Gazetteer.from_rows(places, gazetteer_names())
        _states[datasette] = State(db, index, gazetteer, config)
        return _states[datasette]


# ---------------------------------------------------------------- helpers


def mark(text, terms) -> Markup:
    """The text with every term wrapped in <mark>: marked first, each piece escaped once (so a
    term never matches inside an entity, and A&B <5% shows as printed)."""
    terms = [t for t in terms or () if t]
    if not terms or not text:
        return Markup(html.escape(text or ""))
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))), re.I)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(html.escape(text[last : found.start()]) + f"<mark>{html.escape(found.group())}</mark>")
        last = found.end()
    return Markup("".join(out) + html.escape(text[last:]))


def _cursor(raw):
    try:
        score, key = raw.split(",")
        return int(score), int(key)
    except (AttributeError, ValueError):
        return None


def _int(raw, default, low, high):
    try:
        return min(max(int(raw), low), high)
    except (TypeError, ValueError):
        return default


class Params:
    """The search page's query string: q, facet filters (repeatable), paging."""

    FILTER_KEYS = tuple(c for c, _ in engine.FACETS)

    def __init__(self, request):
        args = request.args
        self.q = (args.get("q") or "")[:200]
        self.noplace = args.get("noplace") == "1"
        self.filters = {k: [v for v in args.getlist(k) if v][:20] for k in self.FILTER_KEYS if args.getlist(k)}
        self.size = _int(args.get("size"), None, 1, 100)
        self.after = _cursor(args.get("after"))
        self.before = _cursor(args.get("before")) if not self.after else None
        self.start = _int(args.get("start"), 1, 1, 10**9)

    def items(self, **changes):
        base = {"q": self.q, "noplace": "1" if self.noplace else None, "size": self.size}
        pairs = [(k, v) for k, v in base.items() if k not in changes and v not in (None, "")]
        filters = changes.pop("filters", self.filters)
        for key, values in filters.items():
            pairs.extend((key, v) for v in values)
        pairs.extend((k, v) for k, v in changes.items() if v not in (None, ""))
        return pairs

    def url(self, path, **changes):
        query = urllib.parse.urlencode(self.items(**changes))
        return path + ("?" + query if query else "")


VALUE_LABELS = {
    "table_kind": {
        "target": "绩效目标表（申报/预算）",
        "self_evaluation": "绩效自评表（自评/决算）",
        "department": "部门整体绩效目标表",
    }
}


def value_label(column, value):
    return VALUE_LABELS.get(column, {}).get(value, value)


def _toggle(filters, column, value):
    changed = {k: list(v) for k, v in filters.items()}
    values = changed.setdefault(column, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return {k: v for k, v in changed.items() if v}


# ---------------------------------------------------------------- search page


async def _similar_names(datasette, text):
    """Nearest indicator names from the similar-indicator API (issue 15's /-/similar.json)."""
    try:
        response = await datasette.client.get("/-/similar.json?" + urllib.parse.urlencode({"q": text, "limit": 6}))
        rows = response.json().get("rows", []) if response.status_code == 200 else []
    except Exception:  # noqa: BLE001 - the hint is optional
        return []
    seen, names = set(), []
    for row in rows:
        if row.get("level3") and row["level3"] not in seen:
            seen.add(row["level3"])
            names.append(row["level3"])
    return names


async def _word_counts(st, text, time_limit):
    """Each jieba word of the query with how many indicators it alone finds (zero-result hint)."""
    from perfkb.segment import words

    out = []
    candidates = list(dict.fromkeys(w for term in text.split() for w in words(term) if w.strip() and w != text))
    for word in candidates[:6]:
        expression = fts_expression(word)
        if not expression:
            continue
        try:
            n = (
                await st.db.execute(
                    "select count(*) from indicators_fts where indicators_fts match :e",
                    {"e": expression},
                    custom_time_limit=time_limit,
                )
            ).first()[0]
        except QueryInterrupted:
            continue
        if n:
            out.append((word, n))
    return out


def _facet_view(column: str, label: str, items: list[dict]) -> dict:
    """A facet of the sidebar: its first values shown, the next ones behind 更多, the rest counted."""
    return {
        "column": column,
        "label": label,
        "entries": items[:FACET_SHOWN],
        "more": items[FACET_SHOWN:60],
        "n_more": max(0, len(items) - 60),
    }


def _card(row, st, terms, datasette, params):
    urls = datasette.urls
    doc = st.index.documents.rows.get(row.get("document_id"), {})
    line = row.get("source_line")
    source_file = row.get("source_file") or doc.get("source_file") or ""
    source = source_url(datasette, source_file, line, row["id"])
    original = doc.get("url") or None
    place = " · ".join(
        str(x)
        for x in (doc.get("province") or row.get("province"), row.get("city"), doc.get("county"), row.get("year"))
        if x
    )
    compare_url = urls.path(
        "/-/compare?"
        + urllib.parse.urlencode(
            {"family": row["family_id"]} if row.get("family_id") else {"name": row.get("level3") or ""}
        )
    )
    return {
        "id": row["id"],
        "level3": mark(row.get("level3"), terms),
        "value": row.get("value") or "",
        "value_period": row.get("value_period") if row.get("value_period") not in (None, "", row.get("value")) else "",
        "level1": mark(row.get("level1") or row.get("level1_std") or "", terms),
        "level2": mark(row.get("level2") or row.get("level2_std") or "", terms),
        "std": ""
        if (row.get("level1_std"), row.get("level2_std")) == (row.get("level1"), row.get("level2"))
        else " / ".join(x for x in (row.get("level1_std"), row.get("level2_std")) if x),
        "project": mark(row.get("project") or "", terms),
        "project_url": urls.row(st.index.database, "projects", str(row["project_id"]))
        if row.get("project_id")
        else None,
        "place": place,
        "department": doc.get("department") or "",
        "source_url": source,
        "source_label": source_label(source_file, line, row.get("source_locator")),
        "document_url": urls.row(st.index.database, "documents", str(row["document_id"]))
        if row.get("document_id")
        else None,
        "original_url": original,
        "row_url": urls.row(st.index.database, "indicators", str(row["id"])),
        "compare_url": compare_url,
        "score": row.get("_score"),
    }


async def search_page(request, datasette):
    st = await state(datasette)
    if st is None:
        return Response.html("<h1>没有指标数据库</h1>", status=404)
    params = Params(request)
    size = params.size or _int(st.config.get("page_size"), 20, 1, 100)
    time_limit = _int(st.config.get("time_limit_ms"), 3000, 100, 60000)
    parsed = parse(params.q, st.gazetteer, use_places=not params.noplace)
    filters = {k: list(v) for k, v in params.filters.items()}
    for column, values in parsed.filters.items():
        filters.setdefault(column, [])
        filters[column].extend(v for v in values if v not in filters[column])
    fts = fts_expression(parsed.text)
    terms = highlight_terms(parsed.text) if parsed.text else []
    search_path = datasette.urls.path("/-/search")
    context = {
        "q": params.q,
        "params": params,
        "size": size,
        "page_sizes": PAGE_SIZES,
        "examples": EXAMPLES,
        "search_path": search_path,
        "parsed": parsed,
        "database": st.index.database,
        "indicators_url": datasette.urls.table(st.index.database, "indicators"),
        "similar_url": datasette.urls.path("/-/similar"),
        "compare_path": datasette.urls.path("/-/compare"),
        "title": f"{params.q} - 指标检索" if params.q else "绩效目标知识库 · 指标检索",
    }
    has_query = bool(fts) or any(filters.values()) or bool(parsed.unknown_places)
    if not has_query:
        context.update(await _home_context(st, datasette, params, search_path))
        return Response.html(await datasette.render_template("perfkb_search.html", context, request=request))

    search = engine.Search(
        fts, filters, size, params.after, params.before, name_expression(parsed.text), set_expression(parsed.text)
    )
    rows, next_cursor, prev_cursor, total, facet_results, notes = [], None, None, 0, {}, []
    order, partial = ("rank" if fts else "id"), False
    if parsed.unknown_places:
        notes.append("库中没有 " + "、".join(parsed.unknown_places) + " 的文件。")
    else:
        # matches per document first (FTS index only): the count decides whether to rank, and
        # the document facets are these counts; then the page and the row facets side by side
        try:
            per_document = await engine.document_counts(st.db, st.index, search, time_limit)
        except QueryInterrupted:
            per_document = None
        n_matches = sum(per_document.values()) if per_document is not None else None
        page_task = engine.page(st.db, st.index, search, time_limit, n_matches)
        facet_task = engine.facets(st.db, st.index, search, time_limit, per_document)
        page_result, facet_result = await asyncio.gather(page_task, facet_task, return_exceptions=True)
        if isinstance(page_result, QueryInterrupted):
            notes.append("检索超时：请加上更多的词、地点或年份缩小范围。")
        elif isinstance(page_result, BaseException):
            raise page_result
        else:
            rows, next_cursor, prev_cursor, order = page_result
        if isinstance(facet_result, QueryInterrupted):
            total = None
            notes.append("统计超时：未显示分面计数。")
        elif isinstance(facet_result, BaseException):
            raise facet_result
        else:
            total, facet_results, partial = facet_result

    if order == "tiers":
        notes.append(
            "匹配的指标很多，来不及逐条计算相关度：先列出指标名称含检索词的，再列其他，各按编号。"
            "加上地点、年份、分类或更多的词，即按相关度排序。"
        )
    if partial:
        notes.append("匹配的指标很多：一级/二级指标、定量/定性等分面在缩小范围后显示。")
    start = 1 if not (params.after or params.before) else params.start
    if params.before and not prev_cursor:
        start = 1
    cards = [_card(r, st, terms, datasette, params) for r in rows]
    facets_view = []
    for column, label in engine.FACETS:
        if column not in facet_results:
            continue
        items = [
            {
                "value": value_label(column, v),
                "count": n,
                "selected": str(v) in map(str, filters.get(column, [])),
                "url": params.url(search_path, filters=_toggle(params.filters, column, str(v))),
            }
            for v, n in facet_results[column]
        ]
        if items:
            facets_view.append(_facet_view(column, label, items))
    chips = []
    for column, label in engine.FACETS:
        for value in params.filters.get(column, []):
            chips.append(
                {
                    "label": f"{label}：{value_label(column, value)}",
                    "url": params.url(search_path, filters=_toggle(params.filters, column, value)),
                }
            )
    export_items = params.items(size=None)
    hint = {}
    if not rows and not notes[:1] == ["检索超时：请加上更多的词、地点或年份缩小范围。"]:
        if parsed.text:
            hint["words"] = [
                {"word": w, "count": n, "url": params.url(search_path, q=w)}
                for w, n in await _word_counts(st, parsed.text, time_limit)
            ]
            hint["similar"] = [
                {"name": n, "url": params.url(search_path, q=n, filters={})}
                for n in await _similar_names(datasette, parsed.text)
            ]
        if any(filters.values()) and fts:
            hint["without_filters"] = params.url(search_path, q=parsed.text, noplace="1", filters={})
    context.update(
        {
            "cards": cards,
            "total": total,
            "facets": facets_view,
            "chips": chips,
            "notes": notes,
            "hint": hint,
            "terms": terms,
            "start": start,
            "end": start + len(cards) - 1,
            "next_url": params.url(search_path, after=f"{next_cursor[0]},{next_cursor[1]}", start=start + len(cards))
            if next_cursor
            else None,
            "prev_url": params.url(search_path, before=f"{prev_cursor[0]},{prev_cursor[1]}", start=max(1, start - size))
            if prev_cursor
            else None,
            "size_urls": [(n, params.url(search_path, size=n)) for n in PAGE_SIZES],
            "place_note": parsed.places and not params.noplace,
            "noplace_url": params.url(search_path, noplace="1"),
            "exports": {
                "excel": datasette.urls.path("/-/search.csv?" + urllib.parse.urlencode(export_items + [("_bom", "1")])),
                "csv": datasette.urls.path("/-/search.csv?" + urllib.parse.urlencode(export_items)),
                "json": datasette.urls.path("/-/search.json?" + urllib.parse.urlencode(export_items)),
            },
            "ranked": order == "rank",
            "order": order,
        }
    )
    return Response.html(await datasette.render_template("perfkb_search.html", context, request=request))


async def _home_context(st, datasette, params, search_path):
    """No query: the documents the database holds, counted by place and year (documents table only)."""
    counts = {c: {} for c in engine.DOCUMENT_FACETS}
    total = 0
    for doc in st.index.documents.rows.values():
        n = doc.get("n_indicators") or 0
        total += n
    rows = (
        await st.db.execute(
            "select province, city, county, year, sum(n_indicators) as n, count(*) as docs "
            "from documents group by 1, 2, 3, 4"
        )
    ).rows
    for row in rows:
        for column in engine.DOCUMENT_FACETS:
            value = row[column]
            if value not in (None, ""):
                counts[column][value] = counts[column].get(value, 0) + (row["n"] or 0)
    total = sum(r["n"] or 0 for r in rows)
    facets_view = []
    for column, label in engine.FACETS:
        if column in counts and counts[column]:
            items = sorted(
                counts[column].items(), key=lambda vn: (-vn[1], str(vn[0])) if column != "year" else (-int(vn[0]), 0)
            )
            items = [
                {"value": v, "count": n, "selected": False, "url": params.url(search_path, filters={column: [str(v)]})}
                for v, n in items
            ]
            facets_view.append(_facet_view(column, label, items))
    n_docs = len(st.index.documents.rows)
    return {
        "home": True,
        "total": total,
        "n_documents": n_docs,
        "facets": facets_view,
        "cards": [],
        "chips": [],
        "notes": [],
        "hint": {},
        "example_urls": [(e, params.url(search_path, q=e)) for e in EXAMPLES],
    }


async def row_context(datasette, database, pk):
    """An indicator row page's card: the row, its place and its document's address."""
    if not pk.isdigit():
        return {}
    db = datasette.get_database(database)
    row = (await db.execute("select * from indicators where id = ?", [int(pk)])).first()
    if row is None:
        return {}
    row = dict(row)
    doc = {}
    if row.get("document_id") is not None:
        found = (await db.execute("select * from documents where id = ?", [row["document_id"]])).first()
        doc = dict(found) if found else {}
    place = " · ".join(
        str(x)
        for x in (doc.get("province") or row.get("province"), row.get("city"), doc.get("county"), row.get("year"))
        if x
    )
    return {
        "perfkb_row": row,
        "perfkb_place": place,
        "perfkb_document_url": doc.get("url") or None,
        "perfkb_similar": await similar.card_context(datasette, db, row["id"]),
        "perfkb_source_url": source_url(datasette, row.get("source_file"), row.get("source_line"), row["id"]),
        "perfkb_source_label": source_label(
            row.get("source_file") or "", row.get("source_line"), row.get("source_locator")
        ),
    }


# ---------------------------------------------------------------- export


_export_locks: dict[int, asyncio.Semaphore] = {}


def _exporting() -> asyncio.Semaphore:
    return _export_locks.setdefault(id(asyncio.get_running_loop()), asyncio.Semaphore(1))


async def _export(request, datasette):
    """The search page's results as rows to export (an async iterator), and the page's parameters."""
    st = await state(datasette)
    params = Params(request)
    parsed = parse(params.q, st.gazetteer, use_places=not params.noplace)
    filters = {k: list(v) for k, v in params.filters.items()}
    for column, values in parsed.filters.items():
        filters.setdefault(column, []).extend(v for v in values if v not in filters[column])
    fts = fts_expression(parsed.text)
    limit = _int(st.config.get("export_limit"), 100000, 1, 10**7)

    async def rows():
        if parsed.unknown_places or not (fts or any(filters.values())):
            return
        # one export at a time per server: each is a long run of Python work between the chunks'
        # statements, and two at once would slow every other page
        async with _exporting():
            async for row in engine.export_rows(st.db, st.index, engine.Search(fts, filters, limit), limit):
                row["county"] = st.index.documents.rows.get(row.get("document_id"), {}).get("county")
                yield row

    return st, params, parsed, rows()


def _export_columns(rows):
    present = set(rows[0]) if rows else set(EXPORT_COLUMNS)
    return [c for c in EXPORT_COLUMNS if c in present]


async def search_csv(request, datasette):
    """The results as CSV, streamed a chunk of matches at a time (in table order)."""
    _, params, _, rows = await _export(request, datasette)

    async def stream(writer):
        out = io.StringIO()
        csv_writer = csv.writer(out, lineterminator="\r\n")
        columns = None
        try:
            async for row in rows:
                if columns is None:  # the first row says which columns there are (a ranked export has _score)
                    columns = _export_columns([row])
                    csv_writer.writerow([EXPORT_COLUMNS[c] for c in columns])
                csv_writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
                if out.tell() > 1 << 16:
                    await writer.write(out.getvalue())  # ?_bom=1 adds the BOM (pages.bom_wrapper)
                    out.seek(0)
                    out.truncate()
        except QueryInterrupted:
            csv_writer.writerow(["检索超时：以上为已导出的行"])
        if columns is None:
            csv_writer.writerow([EXPORT_COLUMNS[c] for c in _export_columns([])])
        await writer.write(out.getvalue())

    name = "perfkb-" + (re.sub(r"[^\w]+", "_", params.q).strip("_") or "search") + ".csv"
    return AsgiStream(
        stream,
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f"attachment; filename*=UTF-8''{urllib.parse.quote(name)}"},
    )


async def search_json(request, datasette):
    _, params, parsed, rows = await _export(request, datasette)
    try:
        found = [row async for row in rows]
    except QueryInterrupted:
        return Response.json({"error": "检索超时"}, status=503)
    return Response.json(
        {
            "q": params.q,
            "text": parsed.text,
            "place_filters": parsed.filters,
            "filters": params.filters,
            "total": len(found),
            "columns": _export_columns(found),
            "rows": found,
        },
        default=str,
    )


async def stylesheet(request, datasette):
    return Response(
        (HERE / "static" / "perfkb.css").read_text(encoding="utf-8"),
        content_type="text/css; charset=utf-8",
        headers={"cache-control": "max-age=3600"},
    )


ROUTES = [
    (r"^/$", search_page),
    (r"^/-/search$", search_page),
    (r"^/-/search\.csv$", search_csv),
    (r"^/-/search\.json$", search_json),
    (r"^/-/compare$", compare.compare_page),
    (r"^/-/perfkb/app\.css$", stylesheet),
]
