"""Place stage: an offline worldwide gazetteer and the resolution of where an event happened.

Public interface (the extraction stage depends on these names):

- ``get_gazetteer() -> Gazetteer``                 cached, built once from packaged GeoNames data
- ``GeoContext.from_text(text) -> GeoContext``      the document's country focus
- ``find_places(text, offset=0)``                   candidate place mentions
- ``resolve_location(text, start, end, context) -> Location | None``
- ``capital_for_target(country, target_type) -> Location | None``  embassies are in the capital
- ``find_dateline(text, context) -> Location | None``  the town a report is filed from
"""
from .gazetteer import (Gazetteer, Place, build_gazetteer, get_gazetteer, import_geonames,
                        use_gazetteer)
from .mentions import find_places, find_quarters, person_mentions
from .resolve import GeoContext, Location, capital_for_target, resolve_location
from .dateline import find_dateline

__all__ = ["Gazetteer", "GeoContext", "Location", "Place", "build_gazetteer", "capital_for_target",
           "find_dateline", "find_places", "find_quarters", "get_gazetteer", "person_mentions", "import_geonames", "resolve_location", "use_gazetteer"]
