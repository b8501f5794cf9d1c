"""Similar indicators across cities: /-/similar?q=… (page), /-/similar.json, the similar names on
an indicator's card, and the SQL functions perfkb_similarity(a, b) and perfkb_normalize(name)
(their inputs capped, so that a query cannot keep a connection busy for long)."""

from __future__ import annotations

import asyncio
import sqlite3
import urllib.parse

from datasette.utils.asgi import Response

from perfkb.similar import WEAK_SCORE, Match, find_similar, load_index
from perfkb.similarity import normalize

MAX_Q = 100  # characters of a name: a real indicator name is far shorter
MAX_LIMIT = 50
_indexes: dict[tuple[int, str], object] = {}


def _index_for(conn: sqlite3.Connection, key: str):
    if (id(conn), key) not in _indexes:
        _indexes[(id(conn), key)] = load_index(conn)
    return _indexes[(id(conn), key)]


def register_functions(conn: sqlite3.Connection, database: str) -> None:
    has_names = conn.execute("select 1 from sqlite_master where name = 'indicator_names'").fetchone() is not None

    def similarity(a, b):
        if not has_names:
            return None
        return _index_for(conn, database).pair_score(str(a or "")[:MAX_Q], str(b or "")[:MAX_Q])

    conn.create_function("perfkb_similarity", 2, similarity, deterministic=True)
    conn.create_function("perfkb_normalize", 1, lambda a: normalize(str(a or "")[:MAX_Q]), deterministic=True)


_semaphores: dict[int, asyncio.Semaphore] = {}


def _one_at_a_time() -> asyncio.Semaphore:
    """A lookup scores hundreds of names in Python: one at a time per server, so that a burst of
    lookups queues behind itself instead of slowing every other page."""
    loop = id(asyncio.get_running_loop())
    return _semaphores.setdefault(loop, asyncio.Semaphore(1))


class BadRequest(Exception):
    pass


def _int_arg(request, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or len(raw) > 12 or not low <= int(raw) <= high:
        raise BadRequest(f"{name} 须为 {low} 到 {high} 之间的整数")
    return int(raw)


async def _indicator_database(datasette):
    for db in datasette.databases.values():
        if "indicators" in await db.table_names():
            return db
    raise BadRequest("没有指标数据库")


async def _city(db, text: str | None) -> str | None:
    """A place as a user types it (石家庄, 曲阳, 保定市) -> the city column's value."""
    text = (text or "").strip()
    if not text:
        return None
    row = (
        await db.execute(
            "select city from documents where city = ?1 or county = ?1 or city like ?2 or county like ?2 "
            "order by city = ?1 desc, county = ?1 desc limit 1",
            [text, text + "%"],
        )
    ).first()
    return row[0] if row else text


async def _lookup(request, datasette) -> tuple[str, object, list[Match], dict]:
    db = await _indicator_database(datasette)
    limit = _int_arg(request, "limit", 10, 1, MAX_LIMIT)
    year = _int_arg(request, "year", None, 1900, 2100)
    indicator_id = _int_arg(request, "id", None, 1, 2**62)
    q = request.args.get("q", "")
    if "\x00" in q:
        raise BadRequest("q 含有不可见字符")
    exclude = None
    if indicator_id is not None:
        row = (await db.execute("select level3, document_id from indicators where id = ?", [indicator_id])).first()
        if row is None:
            raise BadRequest(f"没有编号为 {indicator_id} 的指标")
        q, exclude = row[0], row[1]
    else:
        q = q.strip()
        if not q:
            raise BadRequest("请输入指标名称，如 群众满意度")
        if len(q) > MAX_Q:
            raise BadRequest(f"指标名称不超过 {MAX_Q} 个字")
    city = await _city(db, request.args.get("city"))

    def run(conn):
        return find_similar(conn, _index_for(conn, db.name), q, limit, exclude, city, year)

    async with _one_at_a_time():  # CPU-bound: many at once would starve every other request
        matches = await db.execute_fn(run)
    form = {
        "q": q if indicator_id is None else "",
        "city": request.args.get("city") or "",
        "year": request.args.get("year") or "",
        "limit": str(limit),
    }
    return q, db, matches, form


def answer(q: str, matches: list[Match]) -> dict:
    """rows best name first (1-3 per name, other cities first); names: each distinct name once
    with its score and rows; weak: no name but q itself is more likely the same indicator than not."""
    rows = [
        {
            "id": m.id,
            "level3": m.level3,
            "project": m.project,
            "city": m.city,
            "year": m.year,
            "value": m.value,
            "score": m.score,
            "weak": m.score < WEAK_SCORE,
        }
        for m in matches
    ]
    names: dict[str, dict] = {}
    for m in matches:
        names.setdefault(m.level3, {"name": m.level3, "score": m.score, "rows": 0})["rows"] += 1
    weak = all(m.score < WEAK_SCORE for m in matches if m.level3 != q)
    return {"q": q, "weak": weak, "names": list(names.values()), "rows": rows}


async def similar_json(request, datasette):
    try:
        q, _, matches, _ = await _lookup(request, datasette)
    except BadRequest as err:
        return Response.json({"error": str(err)}, status=400)
    return Response.json(answer(q, matches))


def groups(datasette, database: str, matches: list[Match]) -> list[dict]:
    """The matches by name, each name with its comparison across cities and its rows."""
    out: dict[str, dict] = {}
    for m in matches:
        group = out.setdefault(
            m.level3,
            {
                "name": m.level3,
                "score": round(m.score),
                "weak": m.score < WEAK_SCORE,
                "rows": [],
                "compare_url": datasette.urls.path("/-/compare?" + urllib.parse.urlencode({"name": m.level3})),
            },
        )
        group["rows"].append({**vars(m), "url": datasette.urls.row(database, "indicators", str(m.id))})
    return list(out.values())


async def similar_page(request, datasette):
    try:
        q, db, matches, form = await _lookup(request, datasette)
        error = None
    except BadRequest as err:
        q, db, matches, form, error = request.args.get("q", "")[:MAX_Q], None, [], dict(request.args), str(err)
    result = answer(q, matches)
    context = {
        "title": f"相似指标：{q}" if q else "相似指标",
        "q": q,
        "form": form,
        "error": error,
        "weak": result["weak"] and bool(matches),
        "groups": groups(datasette, db.name, matches) if db else [],
        "json_url": datasette.urls.path(
            "/-/similar.json?" + urllib.parse.urlencode({k: v for k, v in form.items() if v})
        )
        if db
        else None,
        "compare_url": datasette.urls.path("/-/compare?" + urllib.parse.urlencode({"name": q})) if q else None,
        "similar_path": datasette.urls.path("/-/similar"),
        "database": db.name if db else None,
    }
    status = 400 if error else 200
    return Response.html(
        await datasette.render_template("perfkb_similar.html", context, request=request), status=status
    )


async def card_context(datasette, db, indicator_id: int) -> list[dict]:
    """Similar names on an indicator's card (other documents only)."""
    row = (await db.execute("select level3, document_id from indicators where id = ?", [indicator_id])).first()
    if row is None:
        return []

    def run(conn):
        return find_similar(conn, _index_for(conn, db.name), row[0], 12, row[1])

    async with _one_at_a_time():
        return groups(datasette, db.name, await db.execute_fn(run))


ROUTES = [(r"^/-/similar\.json$", similar_json), (r"^/-/similar$", similar_page)]
