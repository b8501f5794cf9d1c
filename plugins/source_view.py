"""Source view: /-/source/<file>?line=N shows the document text around a line, the line marked.

Every indicator and project row links its source_line here. Files are looked up only by the
names in the documents table; personal data (负责人, 联系电话, …) is masked before display.
"""
import html
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from perfkb.privacy import redact

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CONTEXT = 25
LINKED_TABLES = {"indicators", "projects", "problems"}


def source_url(source_file, line):
    return f"/-/source/{source_file}?line={line}#L{line}"


async def source_page(request, datasette):
    name = request.url_vars["source_file"]
    known = set()
    for db in datasette.databases.values():
        if "documents" in await db.table_names():
            known |= {r[0] for r in await db.execute("select source_file from documents")}
    if name not in known or not (DATA_DIR / name).is_file():
        return Response.html(f"<h1>404</h1><p>No source document {html.escape(name)}</p>", status=404)
    try:
        line = int(request.args.get("line", "1"))
    except ValueError:
        return Response.html("<h1>400</h1><p>line must be a whole number</p>", status=400)
    lines = (DATA_DIR / name).read_text(encoding="utf-8", errors="replace").split("\n")
    line = min(max(line, 1), len(lines))
    start, end = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    rows = []
    for number in range(start, end + 1):
        text = html.escape(redact(lines[number - 1])).replace("\t", '<span class="tab">⇥</span>')
        mark = ' class="hit"' if number == line else ""
        rows.append(f'<tr id="L{number}"{mark}><td class="n"><a href="?line={number}#L{number}">{number}</a></td>'
                    f"<td><pre>{text}</pre></td></tr>")
    nav = (f'<a href="?line={max(1, line - 2 * CONTEXT)}">↑ earlier</a> · '
           f'<a href="?line={min(len(lines), line + 2 * CONTEXT)}">later ↓</a>')
    body = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>{html.escape(name)} line {line}</title><link rel="stylesheet" href="/-/static/app.css">
<style>pre{{margin:0;white-space:pre-wrap}} td.n{{text-align:right;color:#888;width:4em}}
tr.hit td{{background:#fff3a8}} span.tab{{color:#bbb}}</style></head><body><section class="content">
<p><a href="/">PerfKB</a> / source</p>
<h1>{html.escape(name)}, line {line}</h1><p>{nav} · tabs shown as ⇥ separate table cells;
personal names and phone numbers are masked.</p>
<table class="source">{''.join(rows)}</table></section></body></html>"""
    return Response.html(body)


@hookimpl
def register_routes():
    return [(r"^/-/source/(?P<source_file>[^/]+)$", source_page)]


@hookimpl
def render_cell(row, value, column, table):
    if table in LINKED_TABLES and column == "source_line" and value and "source_file" in row.keys():
        url = html.escape(source_url(row["source_file"], value))
        return Markup(f'<a href="{url}" title="show source text">{int(value)}</a>')
    return None
