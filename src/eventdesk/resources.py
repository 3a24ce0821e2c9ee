"""Loading of the packaged data files (lexicons, taxonomies), parsed once per process."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Parse ``src/eventdesk/data/<name>`` (YAML or JSON)."""
    text = resources.files("eventdesk").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
