"""Place stage: an offline worldwide gazetteer and the resolution of where an event happened.

Public interface (the extraction stage depends on these names):

- ``get_gazetteer() -> Gazetteer``                 cached, built once from packaged GeoNames data
- ``GeoContext.from_text(text) -> GeoContext``      the document's country focus
- ``resolve_location(text, start, end, context) -> Location | None``
"""
