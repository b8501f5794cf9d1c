"""Reading speed per file format: each fixture in tests/fixtures/formats/ read (reader only) and
read + extracted (indicator rows), median of --runs; and a synthetic disclosure of about 50 pages
(a DOCX of many project tables exported to PDF by LibreOffice, as offices export them).

    .venv/bin/python bench/formats.py [--runs 5] [--pages 50] [--out FILE.md]

Everything runs in this one process, on one core. Needs soffice for the synthetic PDF (and the
.doc fixture); without it those lines are skipped.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_formats  # noqa: E402

from perfkb.readers import is_supported, read_document  # noqa: E402
from perfkb.reading import ReadError  # noqa: E402
from perfkb.walk import extract_document  # noqa: E402

FORMATS = ROOT / "tests" / "fixtures" / "formats"


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(path: Path, runs: int) -> dict | None:
    try:
        read_s, doc = timed(lambda: read_document(path), runs)
    except ReadError as error:
        print(f"  {path.name}: skipped ({error})", file=sys.stderr)
        return None
    total_s, extraction = timed(lambda: extract_document(read_document(path).rows), runs)
    indicators = sum(len(p.indicators) for p in extraction.projects)
    return {
        "file": path.name,
        "format": doc.format,
        "pages": doc.pages,
        "bytes": path.stat().st_size,
        "read_s": read_s,
        "total_s": total_s,
        "indicators": indicators,
    }


def synthetic_pdf(pages: int, outdir: Path) -> Path:
    """About `pages` pages of project tables (twelve indicators each, 一级/二级 merged)."""
    # a 12-row project with its block and header takes about 1.2 pages in this layout
    projects = make_formats.synthetic_projects(round(pages / 1.2))
    docx = outdir / "synthetic.docx"
    make_formats.make_docx(docx, projects)
    return make_formats.convert(docx, "pdf", outdir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    # the fixtures' own gold (sheet_forms.tsv) is no document
    results = [r for path in sorted(FORMATS.iterdir()) if is_supported(path) and (r := measure(path, args.runs))]
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            pdf = synthetic_pdf(args.pages, Path(tmp))
            result = measure(pdf, max(1, min(args.runs, 3)))
            if result:
                result["file"] = f"synthetic {result['pages']}-page PDF"
                results.append(result)
    lines = [
        f"Reader speed, {platform.processor() or platform.machine()}, one process on one core, "
        f"median of {args.runs} runs (synthetic PDF: {min(args.runs, 3)}).",
        "",
        "| file | format | pages | KB | read s | read+extract s | pages/s | docs/s | indicators |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        per_page = f"{r['pages'] / r['total_s']:.1f}" if r["pages"] else ""
        lines.append(
            f"| {r['file']} | {r['format']} | {r['pages'] or ''} | {r['bytes'] / 1024:.0f} | "
            f"{r['read_s']:.3f} | {r['total_s']:.3f} | {per_page} | {1 / r['total_s']:.1f} | "
            f"{r['indicators']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
