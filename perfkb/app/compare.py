"""`/-/compare`: one indicator across cities — every city/year's target in a sortable table and a
server-rendered SVG chart of the numeric targets per city with the overall min / median / max.

?family=N (a family of same-meaning names, families.id), ?id=N (that indicator's family) or
?name=群众满意度 (the family of that name, or of the closest names in indicator_names).
"""

from __future__ import annotations

import html
import math
import statistics
import urllib.parse
from collections import defaultdict

from datasette.utils.asgi import Response
from markupsafe import Markup

from .source import source_label, source_url

MAX_ROWS = 3000
COLUMNS = (
    ("city", "市"),
    ("county", "县（区）"),
    ("year", "年度"),
    ("project", "项目"),
    ("level3", "三级指标"),
    ("value", "指标值"),
    ("value_period", "实施期"),
    ("value_num", "数值"),
    ("value_unit", "单位"),
)


async def _family_for_name(db, name):
    """(family id or None, other family ids with names close to `name`)."""
    row = (await db.execute("select id from families where label = ? order by size desc limit 1", [name])).first()
    if row:
        family = row[0]
    else:
        row = (
            await db.execute(
                "select family_id, count(*) from indicators where level3 = ? and family_id is not null "
                "group by family_id order by 2 desc limit 1",
                [name],
            )
        ).first()
        family = row[0] if row else None
    like = "%" + name.replace("%", "").replace("_", "") + "%"
    names = [
        r[0]
        for r in (
            await db.execute(
                "select name from indicator_names where name like ? order by n_indicators desc limit 30", [like]
            )
        ).rows
    ]
    others = []
    if names:
        marks = ", ".join("?" * len(names))
        others = [
            r[0]
            for r in (
                await db.execute(
                    f"select family_id from indicators where level3 in ({marks}) and family_id is not null "
                    f"group by family_id order by count(*) desc limit 12",
                    names,
                )
            ).rows
        ]
    if family is None and others:
        family = others[0]
    return family, [f for f in others if f != family]


def _nice_ticks(low, high, count=5):
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude:
            step = step * magnitude
            break
    first = (low // step) * step
    ticks, t = [], first
    while t <= high + step * 1e-9:
        if t >= low - step * 1e-9:
            ticks.append(round(t, 10))
        t += step
    return ticks


def _fmt(x):
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def median(values):
    return statistics.median(values) if values else None


def chart_svg(unit, by_city):
    """Dot plot: one row per city (sorted by its median), a dot per target, the city's range as a
    line; dashed lines at the overall min, median and max."""
    values = [v for vs in by_city.values() for v in vs]
    low, mid, high = min(values), median(values), max(values)
    pad = (high - low) * 0.05 or max(abs(high) * 0.05, 1)
    x0, x1 = low - pad, high + pad
    left, width, top, row_h = 104, 380, 84, 24
    rows = sorted(by_city.items(), key=lambda kv: (median(kv[1]), kv[0]))
    height = top + row_h * len(rows) + 30

    def x(v):
        return left + (v - x0) / (x1 - x0) * width

    out = [
        f'<svg class="compare-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 30} {height}" '
        f'width="100%" role="img" aria-label="{html.escape(unit or "")} 各地目标值">',
        f'<text x="{left}" y="14" class="unit">单位：{html.escape(unit or "（无）")}　· 共 {len(values)} 个数值目标，'
        f"{len(rows)} 个地区</text>",
    ]
    for tick in _nice_ticks(x0, x1):
        out.append(
            f'<line class="grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 26}"/>'
            f'<text class="tick" x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle">{_fmt(tick)}</text>'
        )
    # one text row each, so that close values never print over each other
    for k, (label, value, cls) in enumerate(
        (("最小", low, "stat-min"), ("中位数", mid, "stat-median"), ("最大", high, "stat-max"))
    ):
        anchor = "start" if x(value) < left + width * 0.3 else "end" if x(value) > left + width * 0.7 else "middle"
        y_text = 36 + 15 * k
        out.append(
            f'<line class="stat {cls}" x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{top - 8}" '
            f'y2="{height - 26}"/><text class="stat-label {cls}" x="{x(value):.1f}" y="{y_text}" '
            f'text-anchor="{anchor}">{label} {_fmt(value)}</text>'
        )
    for n, (city, vs) in enumerate(rows):
        y = top + row_h * n + row_h / 2
        out.append(f'<text class="city" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{html.escape(city)}</text>')
        if len(vs) > 1:
            out.append(f'<line class="range" x1="{x(min(vs)):.1f}" x2="{x(max(vs)):.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
        for v in vs:
            out.append(
                f'<circle class="dot" cx="{x(v):.1f}" cy="{y:.1f}" r="5"><title>{html.escape(city)}：'
                f"{_fmt(v)}{html.escape(unit or '')}</title></circle>"
            )
    out.append("</svg>")
    return Markup("".join(out))


async def compare_page(request, datasette):
    from .views import state

    st = await state(datasette)
    if st is None:
        return Response.html("<h1>没有指标数据库</h1>", status=404)
    db = st.db
    name = (request.args.get("name") or "").strip()[:100]
    family, others, error = None, [], None
    try:
        if request.args.get("family"):
            family = int(request.args["family"])
        elif request.args.get("id"):
            row = (
                await db.execute("select family_id, level3 from indicators where id = ?", [int(request.args["id"])])
            ).first()
            if row is None:
                error = "没有这个指标"
            else:
                family, name = row[0], name or row[1]
        elif name:
            family, others = await _family_for_name(db, name)
    except ValueError:
        return Response.html("<h1>400</h1><p>family 和 id 须为整数</p>", status=400)
    label, rows = None, []
    if family is not None:
        found = (await db.execute("select label from families where id = ?", [family])).first()
        label = found[0] if found else None
        rows = [
            dict(r)
            for r in (
                await db.execute(
                    "select id, document_id, city, province, year, project, level3, value, value_period, value_num, "
                    f"value_unit, source_file, source_line, source_locator from indicators where family_id = ? limit {MAX_ROWS}",
                    [family],
                )
            ).rows
        ]
        if not others and label:
            _, others = await _family_for_name(db, label)
            others = [f for f in others if f != family]
    elif name:
        rows = [
            dict(r)
            for r in (
                await db.execute(
                    "select id, document_id, city, province, year, project, level3, value, value_period, value_num, "
                    f"value_unit, source_file, source_line, source_locator from indicators where level3 = ? limit {MAX_ROWS}",
                    [name],
                )
            ).rows
        ]
    for row in rows:
        doc = st.index.documents.rows.get(row["document_id"], {})
        row["county"] = doc.get("county") or ""
        row["place"] = row["city"] or row["province"] or ""
        row["url"] = datasette.urls.row(st.index.database, "indicators", str(row["id"]))
        row["source_url"] = source_url(datasette, row.get("source_file"), row.get("source_line"), row["id"])
        row["source_label"] = source_label("", row.get("source_line"), row.get("source_locator")).strip() or "原文"
    sort = request.args.get("sort") or "city"
    if sort not in dict(COLUMNS):
        sort = "city"
    desc = request.args.get("desc") == "1"
    rows.sort(
        key=lambda r: (
            r[sort] is None,
            r[sort] if r[sort] is not None else 0,
            r["city"] or "",
            r["year"] or 0,
            r["id"],
        ),
        reverse=desc,
    )
    by_unit = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["value_num"] is not None:
            by_unit[row["value_unit"] or ""][row["place"] or "（未知）"].append(row["value_num"])
    units = sorted(by_unit.items(), key=lambda kv: -sum(len(v) for v in kv[1].values()))[:3]
    # the main unit always; another only where it has a few values of its own
    units = [u for n, u in enumerate(units) if n == 0 or sum(len(v) for v in u[1].values()) >= 3]
    charts, stats = [], []
    for unit, by_city in units:
        values = sorted(v for vs in by_city.values() for v in vs)
        stats.append(
            {
                "unit": unit or "（无）",
                "n": len(values),
                "cities": len(by_city),
                "min": _fmt(values[0]),
                "median": _fmt(median(values)),
                "max": _fmt(values[-1]),
            }
        )
        charts.append(chart_svg(unit, by_city))
    other_families = []
    if others:
        marks = ", ".join("?" * len(others))
        found = {
            r[0]: r
            for r in (
                await db.execute(f"select id, label, size, n_cities from families where id in ({marks})", others)
            ).rows
        }
        other_families = [
            {
                "label": found[f][1],
                "size": found[f][2],
                "n_cities": found[f][3],
                "url": datasette.urls.path(f"/-/compare?family={f}"),
            }
            for f in others
            if f in found
        ]
    base = {
        k: v
        for k, v in (
            ("family", request.args.get("family")),
            ("id", request.args.get("id")),
            ("name", request.args.get("name")),
        )
        if v
    }
    headers = []
    for column, column_label in COLUMNS:
        flip = "1" if column == sort and not desc else None
        query = urllib.parse.urlencode({**base, "sort": column, **({"desc": flip} if flip else {})})
        headers.append(
            {"label": column_label, "column": column, "url": "?" + query, "sorted": column == sort, "desc": desc}
        )
    title_name = label or name or "指标"
    context = {
        "title": f"各地对比：{title_name}",
        "name": name,
        "label": label,
        "family": family,
        "rows": rows,
        "headers": headers,
        "charts": charts,
        "stats": stats,
        "error": error,
        "other_families": other_families,
        "cities": len({r["place"] for r in rows}),
        "truncated": len(rows) >= MAX_ROWS,
        "search_url": datasette.urls.path("/-/search?" + urllib.parse.urlencode({"q": title_name})),
        "similar_url": datasette.urls.path("/-/similar?" + urllib.parse.urlencode({"q": title_name})),
        "csv_url": datasette.urls.path(
            f"/{st.index.database}/family_comparison.csv?"
            + urllib.parse.urlencode({"family": family, "_bom": "1", "_size": "max"})
        )
        if family is not None
        else None,
        "compare_path": datasette.urls.path("/-/compare"),
        "search_path": datasette.urls.path("/-/search"),
        "database": st.index.database,
    }
    return Response.html(await datasette.render_template("perfkb_compare.html", context, request=request))
