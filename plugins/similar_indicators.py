"""Similar indicators across cities: /-/similar?q=… (HTML), /-/similar.json, a panel on every
indicator page, and the SQL functions perfkb_similarity(a, b) and perfkb_normalize(name)."""
import html
import json

from datasette import hookimpl
from datasette.utils.asgi import Response

from perfkb.similar import WEAK_SCORE, find_similar, load_index
from perfkb.similarity import normalize

MAX_Q = 100
MAX_LIMIT = 50
_indexes = {}


def _index_for(conn, key):
    if key not in _indexes:
        _indexes[key] = load_index(conn)
    return _indexes[key]


def _has_indicators(conn):
    return conn.execute("select 1 from sqlite_master where name = 'indicator_names'").fetchone() is not None


@hookimpl
def prepare_connection(conn, database):
    def similarity(a, b):
        return _index_for(conn, database).pair_score(a or "", b or "") if _has_indicators(conn) else None

    conn.create_function("perfkb_similarity", 2, similarity, deterministic=True)
    conn.create_function("perfkb_normalize", 1, lambda a: normalize(a or ""), deterministic=True)


class BadRequest(Exception):
    pass


def _int_arg(request, name, default=None, low=None, high=None):
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadRequest(f"{name} must be between {low} and {high}")
    return value


async def _lookup(request, datasette):
    db = None
    for candidate in datasette.databases.values():
        if "indicators" in await candidate.table_names():
            db = candidate
            break
    if db is None:
        raise BadRequest("no indicators database")
    limit = _int_arg(request, "limit", 10, 1, MAX_LIMIT)
    year = _int_arg(request, "year", None, 1900, 2100)
    indicator_id = _int_arg(request, "id", None, 1)
    city = request.args.get("city") or None
    q = request.args.get("q", "")
    exclude = None
    if indicator_id is not None:
        row = (await db.execute("select level3, document_id from indicators where id = ?", [indicator_id])).first()
        if row is None:
            raise BadRequest(f"no indicator {indicator_id}")
        q, exclude = row[0], row[1]
    else:
        if not q.strip():
            raise BadRequest("q is required: an indicator name, e.g. 群众满意度")
        if len(q) > MAX_Q:
            raise BadRequest(f"q is longer than {MAX_Q} characters")
        q = q.strip()

    def run(conn):
        return find_similar(conn, _index_for(conn, db.name), q, limit, exclude, city, year)

    return q, db.name, await db.execute_fn(run)


async def similar_json(request, datasette):
    try:
        q, _, matches = await _lookup(request, datasette)
    except BadRequest as err:
        return Response.json({"error": str(err)}, status=400)
    return Response.json(_answer(q, matches))


def _answer(q, matches):
    """rows best name first (1-3 per name, other cities first); names: each distinct name once
    with its score and rows; weak: no name but q itself is more likely the same indicator than not."""
    rows = [{"id": m.id, "level3": m.level3, "project": m.project, "city": m.city, "year": m.year,
             "value": m.value, "score": m.score, "weak": m.score < WEAK_SCORE} for m in matches]
    names = {}
    for m in matches:
        names.setdefault(m.level3, {"name": m.level3, "score": m.score, "rows": 0})["rows"] += 1
    weak = all(m.score < WEAK_SCORE for m in matches if m.level3 != q)
    return {"q": q, "weak": weak, "names": list(names.values()), "rows": rows}


async def similar_html(request, datasette):
    try:
        q, database, matches = await _lookup(request, datasette)
    except BadRequest as err:
        return Response.html(f"<h1>400</h1><p>{html.escape(str(err))}</p>", status=400)
    answer = _answer(q, matches)
    rows = "".join(
        f'<tr><td>{m.score}{" 弱" if m.score < WEAK_SCORE else ""}</td>'
        f'<td><a href="{datasette.urls.row(database, "indicators", str(m.id))}">'
        f"{html.escape(m.level3)}</a></td><td>{html.escape(m.city or '')}</td><td>{m.year or ''}</td>"
        f"<td>{html.escape(m.project or '')}</td><td>{html.escape(m.value or '')}</td></tr>" for m in matches)
    weak = '<p class="weak">没有很接近的指标；以下是最接近的几个（弱匹配）。</p>' if answer["weak"] else ""
    body = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>相似指标 {html.escape(q)}</title>
<link rel="stylesheet" href="/-/static/app.css"></head><body><section class="content">
<p><a href="/">PerfKB</a> / 相似指标</p><h1>与“{html.escape(q)}”相似的指标</h1>
<form action="/-/similar"><input name="q" value="{html.escape(q)}"> 城市 <input name="city" size="6">
年份 <input name="year" size="4"> 条数 <input name="limit" size="3" value="10"> <button>查找</button></form>
{weak}<table class="rows-and-columns"><thead><tr><th>score</th><th>三级指标</th><th>城市</th><th>年份</th>
<th>项目</th><th>指标值</th></tr></thead><tbody>{rows}</tbody></table>
<p><a href="/-/similar.json?{html.escape(request.query_string)}">JSON</a></p></section></body></html>"""
    return Response.html(body)


@hookimpl
def register_routes():
    return [(r"^/-/similar\.json$", similar_json), (r"^/-/similar$", similar_html)]


_PANEL_JS = """
(function (id) {
  fetch("/-/similar.json?limit=10&id=" + id).then(function (r) { return r.json(); }).then(function (data) {
    if (!data.rows) return;
    var section = document.createElement("section");
    section.className = "similar-indicators";
    var rows = data.rows.map(function (r) {
      var esc = function (s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) {
        return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); };
      return "<tr><td>" + r.score + "</td><td><a href=\\"" + location.pathname.replace(/\\/[^\\/]*$/, "/") + r.id +
        "\\">" + esc(r.level3) + "</a></td><td>" + esc(r.city) + "</td><td>" + esc(r.year) + "</td><td>" +
        esc(r.project) + "</td><td>" + esc(r.value) + "</td></tr>";
    }).join("");
    section.innerHTML = "<h2>其他文件中的相似指标</h2><table class=\\"rows-and-columns\\"><thead><tr>" +
      "<th>score</th><th>三级指标</th><th>城市</th><th>年份</th><th>项目</th><th>指标值</th></tr></thead>" +
      "<tbody>" + rows + "</tbody></table>";
    document.querySelector("section.content").appendChild(section);
  });
})(%s);
"""


@hookimpl
def extra_body_script(view_name, table, request):
    if view_name != "row" or table != "indicators" or request is None:
        return ""
    pk = request.url_vars.get("pks", "")
    return _PANEL_JS % json.dumps(pk) if pk.isdigit() else ""
