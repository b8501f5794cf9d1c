"""Content-hash cache of prepared documents, so a rebuild re-parses only what changed.

Entries are keyed by the document's sha256 and by a fingerprint of the parser itself (its
code and vocabularies), so editing the parser invalidates every entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import cache
from pathlib import Path

from .document import DocumentInfo
from .models import Problem
from .prepare import PreparedDocument

PACKAGE = Path(__file__).parent


@cache
def parser_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")) + sorted((PACKAGE / "vocab").glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class DocumentCache:
    def __init__(self, directory: Path):
        self.directory = directory

    def _path(self, digest: str) -> Path:
        return self.directory / f"{parser_fingerprint()}-{digest}.json"

    def load(self, digest: str) -> PreparedDocument | None:
        path = self._path(digest)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return PreparedDocument(
                **{**data, "info": DocumentInfo(**data["info"]), "problems": [Problem(**p) for p in data["problems"]]}
            )
        except (ValueError, TypeError, KeyError):
            return None  # a damaged entry is parsed again

    def store(self, digest: str, prepared: PreparedDocument) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        data = asdict(prepared)
        tmp = self._path(digest).with_suffix(f".{os.getpid()}.tmp")  # workers may race on a duplicate
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self._path(digest))
