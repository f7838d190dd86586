"""The official HSDS 3.0 JSON schemas (Open Referral, CC BY-SA 4.0, see LICENSE): the raw schemas here and the
compiled ones gzip-compressed in `compiled/`, so that tests validate against them offline, with nothing beside the
project. Attribution: "Human Services Data Specification: an Open Referral resource (https://openreferral.org/)"."""

import gzip
import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent
COMPILED_DIR = SCHEMA_DIR / "compiled"


def schema_path(directory: Path, name: str) -> Path | None:
    """`name.json` or `name.json.gz` in `directory`, whichever exists."""
    for candidate in (directory / f"{name}.json", directory / f"{name}.json.gz"):
        if candidate.is_file():
            return candidate
    return None


def schema_load(path: Path) -> Any:
    """A schema file's JSON, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)
