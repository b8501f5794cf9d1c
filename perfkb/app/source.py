"""Provenance pages: the source view `/-/source/<file>` (a text document's lines around a row, or
a PDF/Word/Excel/web document's extracted table around it, the row marked) and the original
file `/-/original/<file>`.

Files are found where the database was built from (build_info.data_dir) and served only when
their content is still what was built (sha256): a database served beside another folder never
shows a line of another document. Files are read off the event loop; personal data is masked.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import mimetypes
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from datasette.utils.asgi import Response

from perfkb.privacy import redact
from perfkb.reading import ReadError, decode_text

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
CONTEXT = 25  # lines shown either side of the line asked for
TABLE_CONTEXT = 40  # rows of an extracted table shown either side of the row asked for


def source_url(datasette, source_file: str, line: int | None = None, indicator_id: int | None = None) -> str | None:
    """Where a row's provenance is shown: its line in a text file, else its place in the table
    extracted from the document (by indicator id)."""
    if not source_file:
        return None
    path = "/-/source/" + urllib.parse.quote(source_file)
    if line:
        return datasette.urls.path(f"{path}?line={int(line)}#L{int(line)}")
    if indicator_id:
        return datasette.urls.path(f"{path}?id={int(indicator_id)}#I{int(indicator_id)}")
    return datasette.urls.path(path)


def source_label(source_file: str, line: int | None, locator: str | None) -> str:
    if line:
        return f"{source_file} 第 {line} 行"
    return f"{source_file}（{locator}）" if locator else source_file


@dataclass
class Document:
    database: str
    id: int
    source_file: str
    sha256: str
    format: str
    url: str | None
    path: Path


async def _document(datasette, name: str) -> Document | None:
    """The built document of that name (in any database that has documents), and its file."""
    for db in datasette.databases.values():
        tables = await db.table_names()
        if "documents" not in tables:
            continue
        row = (await db.execute("select id, sha256, format, url from documents where source_file = ?", [name])).first()
        if row is None:
            continue
        data_dir = DEFAULT_DATA_DIR
        if "build_info" in tables:
            found = (await db.execute("select value from build_info where key = 'data_dir'")).first()
            if found and found[0]:
                data_dir = Path(found[0])
        return Document(db.name, row["id"], name, row["sha256"], row["format"] or "text", row["url"], data_dir / name)
    return None


def _read_verified(document: Document) -> bytes | None:
    """The file's bytes if they are still the ones built (else None): run off the event loop."""
    try:
        data = document.path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == document.sha256 else None


def _page(datasette, title: str, body: str) -> Response:
    css = html.escape(datasette.urls.path("/-/perfkb/app.css"))
    return Response.html(f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>
<link rel="stylesheet" href="{css}">
<style>body{{font-family:system-ui,sans-serif;margin:0 1em}} pre{{margin:0;white-space:pre-wrap}}
td.n{{text-align:right;color:#888;width:4em;vertical-align:top}} tr.hit td{{background:#fff3a8}}
span.tab{{color:#bbb}} table.extracted td{{border-bottom:1px solid #eee;padding:2px 6px;vertical-align:top}}</style>
</head><body><section class="content">
<p><a href="{html.escape(datasette.urls.path("/"))}">绩效目标知识库</a> / 原文</p>{body}</section></body></html>""")


def _error(status: int, message: str) -> Response:
    return Response.html(f"<h1>{status}</h1><p>{html.escape(message)}</p>", status=status)


def _int_arg(request, name: str) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    if not raw.lstrip("-").isdigit() or len(raw) > 18:
        raise ValueError(f"{name} 须为整数")
    return int(raw)


async def source_page(request, datasette):
    name = urllib.parse.unquote(request.url_vars["source_file"])
    document = await _document(datasette, name)
    if document is None:
        return _error(404, f"没有这个来源文件 {name}")
    try:
        line, indicator_id = _int_arg(request, "line"), _int_arg(request, "id")
    except ValueError as err:
        return _error(400, str(err))
    data = await asyncio.get_running_loop().run_in_executor(None, _read_verified, document)
    original = datasette.urls.path("/-/original/" + urllib.parse.quote(name))
    links = [
        f'<a href="{html.escape(original)}">下载原件</a>'
        if data is not None
        else "原件已不在建库时的位置，或内容已改变：只显示建库时抽取的内容。"
    ]
    if document.url:
        links.append(f'<a href="{html.escape(document.url)}" rel="noreferrer">原文网址</a>')
    if document.format == "text" and data is not None and indicator_id is None:
        return _page(datasette, f"{name} 第 {line or 1} 行", _text_body(name, data, line or 1, links))
    return _page(datasette, name, await _table_body(datasette, document, indicator_id, line, links))


def _text_body(name: str, data: bytes, line: int, links: list[str]) -> str:
    try:
        lines = decode_text(data).split("\n")
    except ReadError as err:
        return f"<h1>{html.escape(name)}</h1><p>{html.escape(str(err))}</p>"
    line = min(max(line, 1), len(lines))
    start, end = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    # masked together: a name may stand on the line after its label (联系人： / 张三)
    shown = redact("\n".join(lines[start - 1 : end])).split("\n")
    rows = []
    for number in range(start, end + 1):
        text = html.escape(shown[number - start]).replace("\t", '<span class="tab">⇥</span>')
        mark = ' class="hit"' if number == line else ""
        rows.append(
            f'<tr id="L{number}"{mark}><td class="n"><a href="?line={number}#L{number}">{number}</a></td>'
            f"<td><pre>{text}</pre></td></tr>"
        )
    nav = (
        f'<a href="?line={max(1, line - 2 * CONTEXT)}">↑ 上文</a> · '
        f'<a href="?line={min(len(lines), line + 2 * CONTEXT)}">下文 ↓</a>'
    )
    return (
        f"<h1>{html.escape(name)}，第 {line} 行</h1><p>{nav} · {' · '.join(links)} · "
        f'⇥ 表示表格单元格之间的分隔；人名与电话号码已隐去。</p><table class="source">{"".join(rows)}</table>'
    )


async def _table_body(
    datasette, document: Document, indicator_id: int | None, line: int | None, links: list[str]
) -> str:
    """The rows extracted from the document around the one asked for (by id, or by line)."""
    db = datasette.get_database(document.database)
    if indicator_id is None and line is not None:
        found = (
            await db.execute(
                "select id from indicators where document_id = ? and source_line >= ? order by id limit 1",
                [document.id, line],
            )
        ).first()
        indicator_id = found[0] if found else None
    rows = (
        await db.execute(
            "select id, project, level1, level2, level3, value, value_period, source_locator from indicators "
            "where document_id = ? and id between ? and ? order by id",
            [document.id, (indicator_id or 0) - TABLE_CONTEXT, (indicator_id or 0) + TABLE_CONTEXT]
            if indicator_id
            else [document.id, 0, 2**62],
        )
    ).rows[: 2 * TABLE_CONTEXT + 1]
    hit = next((r for r in rows if r["id"] == indicator_id), None)
    where = f"，{hit['source_locator']}" if hit and hit["source_locator"] else ""
    cells = []
    for r in rows:
        mark = ' class="hit"' if r["id"] == indicator_id else ""
        url = html.escape(datasette.urls.row(document.database, "indicators", str(r["id"])))
        texts = [
            html.escape(redact(r[c]) or "")
            for c in ("project", "level1", "level2", "level3", "value", "value_period", "source_locator")
        ]
        cells.append(
            f'<tr id="I{r["id"]}"{mark}><td class="n"><a href="{url}">{r["id"]}</a></td>'
            + "".join(f"<td>{t}</td>" for t in texts)
            + "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("编号", "项目", "一级指标", "二级指标", "三级指标", "指标值", "实施期", "位置")
    )
    return (
        f"<h1>{html.escape(document.source_file)}{html.escape(where)}</h1>"
        f"<p>{document.format.upper()} 文件：以下是建库时从中抽取的表格行，所指的行已标出。 · {' · '.join(links)}</p>"
        f'<table class="extracted"><thead><tr>{head}</tr></thead><tbody>{"".join(cells)}</tbody></table>'
    )


async def original_page(request, datasette):
    """The document as it was built from, for download."""
    name = urllib.parse.unquote(request.url_vars["source_file"])
    document = await _document(datasette, name)
    if document is None:
        return _error(404, f"没有这个来源文件 {name}")
    data = await asyncio.get_running_loop().run_in_executor(None, _read_verified, document)
    if data is None:
        return _error(404, f"{name}：原件已不在建库时的位置，或内容已改变")
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    filename = urllib.parse.quote(Path(name).name)
    return Response(
        data, content_type=kind, headers={"content-disposition": f"attachment; filename*=UTF-8''{filename}"}
    )
