"""The dateline: the town a report is filed from, written before its first words.

"PUNE: Two days after ...", "DENVER — A resident of ...", "SOKOTO, Nigeria - Gunmen ...",
"TEGUCIGALPA, 4 MAR 90 (RADIO CADENA) -- [TEXT]": newswires and newspapers name the place
the story is about before its lead. Where the report's own sentences name only a province or a
country, or nothing, the dateline's town is where its events are.
"""
from __future__ import annotations

import re
from typing import Optional

from .mentions import find_places
from .resolve import GeoContext, Location, resolve_location

# The dateline is among the first characters (after a headline run into the body, perhaps).
DATELINE_WINDOW = 300
_DATELINE = re.compile(
    # at the start of the text or a line, after a sentence, or run into a headline in capitals
    r"(?:(?:^|(?<=\n)|(?<=[.!?\"”’)] ))[ \t]*|(?<=[a-z.!?\"”’)])(?=[A-Z]{3}))"
    r"(?P<place>(?:[A-Z][A-Z'’.-]+|[A-Z][a-z'’.-]+)(?: (?:[A-Z][A-Z'’.-]+|[A-Z][a-z'’.-]+)){0,3})"
    r"(?:, (?P<rest>[A-Za-z0-9 .]{1,30}?))?"          # ", Nigeria", ", 13 JAN 90"
    r"(?: ?\([A-Za-z .-]{2,30}\))?"                     # "(Reuters)", "(RADIO CADENA)"
    r"[ \t\xa0]*(?::|—|–|--| - )[ \t\xa0]*")


def find_dateline(text: str, context: GeoContext) -> Optional[Location]:
    """The town (or district) the report's dateline names, if it has one."""
    for m in _DATELINE.finditer(text, 0, DATELINE_WINDOW):
        a, b = m.span("place")
        found = find_places(text[a:b], a)
        if not found or found[0][0] != a or found[-1][1] != b:
            continue                    # the whole run must be one place name ("BREAKING NEWS" is not)
        for end in (b, m.end("rest")) if m.group("rest") else (b,):
            loc = resolve_location(text, a, end, context)
            if loc is not None and loc.admin1 and loc.start is not None and loc.geo_precision is not None \
                    and loc.geo_precision <= 2:
                return loc
    return None
