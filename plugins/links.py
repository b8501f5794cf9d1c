"""Links on every page: an indicator's project and document, shown by name (row pages too)."""
import html

from datasette import hookimpl
from markupsafe import Markup

LINKS = {
    ("indicators", "project_id"): ("projects", "name"),
    ("indicators", "document_id"): ("documents", "department"),
    ("projects", "document_id"): ("documents", "department"),
}


@hookimpl
def render_cell(value, column, table, database, datasette):
    target = LINKS.get((table, column))
    if target is None or not isinstance(value, int):
        return None  # table pages already expand foreign keys to {value, label} links
    other, label = target

    async def link():
        rows = await datasette.get_database(database).execute(
            f"select {label} from {other} where id = ?", [value])
        name = rows.first()[0] if rows.first() else ""
        url = datasette.urls.row(database, other, str(value))
        return Markup(f'<a href="{html.escape(url)}">{html.escape(name or str(value))}</a> <em>{int(value)}</em>')

    return link
