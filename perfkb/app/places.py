"""Place names the gazetteer (cpca's adcode list) knows at province and prefecture level."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from .query import short_name


@cache
def gazetteer_names() -> frozenset[str]:
    """Full and short names of every province and prefecture-level city: 北京市, 北京, 吕梁, 山西 …"""
    try:
        text = (resources.files("cpca") / "resources" / "adcodes.csv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
    names = set()
    for row in csv.DictReader(io.StringIO(text)):
        code, name = row.get("adcode", ""), row.get("name", "")
        if len(code) >= 6 and code[4:6] == "00" and name:
            names.add(name)
            if short_name(name):
                names.add(short_name(name))
    return frozenset(names)
