"""What the benchmark and the load script share: timing statistics, the peak memory of a
process tree, and the app served on loopback the way run.sh serves it."""

from __future__ import annotations

import http.client
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100) of a non-empty sample."""
    ordered = sorted(samples)
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[min(len(ordered), max(1, rank)) - 1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (workers included)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            continue
        todo.extend(children.get(pid, []))
    return total


def run_measured(command: list[str], **kwargs) -> tuple[float, int]:
    """(wall seconds, peak resident bytes of the whole process tree) of a command; it must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))}: exit {process.returncode}")
    return elapsed, peak


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: Path, time_limit_ms: int = 1000) -> Iterator[str]:
    """Datasette serving db immutable on a free loopback port, with run.sh's settings; yields the
    base URL. The database is served as kb (as metadata.yml expects) whatever its file name.
    Loopback only: nothing here listens outside."""
    port = _free_port()
    link_dir = Path(tempfile.mkdtemp(prefix="perfkb-serve-"))
    (link_dir / "kb.db").symlink_to(db.resolve())
    settings = dict(re.findall(r"--setting (\w+) (\S+)", (ROOT / "run.sh").read_text()))  # as served for real
    settings["sql_time_limit_ms"] = str(time_limit_ms)
    command = [
        str(ROOT / ".venv/bin/datasette"),
        "serve",
        "-i",
        str(link_dir / "kb.db"),
        "-m",
        str(ROOT / "metadata.yml"),
        "--plugins-dir",
        str(ROOT / "plugins"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    for name, value in settings.items():
        command += ["--setting", name, value]
    # This tree's perfkb, not whichever one the venv was installed from.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise SystemExit(f"datasette exited: {server.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a response still streaming to a client that left
            server.kill()
            server.wait()
        shutil.rmtree(link_dir, ignore_errors=True)


def timed_get(url: str, timeout: float = 60) -> tuple[float, int]:
    """(seconds, HTTP status) of one GET, body read; status 0 for a connection failure."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except (urllib.error.URLError, OSError, http.client.HTTPException):  # refused, reset, cut short
        status = 0
    return time.perf_counter() - start, status
