import asyncio
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "data"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """kb.db built from the five seeds."""
    from perfkb.build import build

    path = tmp_path_factory.mktemp("seed") / "kb.db"
    build(DATA, path, log=lambda m: None, warn=lambda m: None)
    return path


@pytest.fixture(scope="session")
def datasette(seed_db):
    """The app as `datasette kb.db -m metadata.yml --plugins-dir plugins` serves it, immutable."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    # The database is named after its file; the app serves it as kb.
    return Datasette(immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))
