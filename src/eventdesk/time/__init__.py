"""Time stage: the reference date of a document and the dates of the events it reports.

Public interface (the extraction stage depends on these names):

- ``reference_date(text, published=None, metadata_date=None) -> ReferenceDate``
- ``find_dates(text, ref, offset=0) -> list[DateMention]``  every date expression in ``text``
- ``fallback_date(ref) -> tuple[str | None, str | None]``    date for an event reported undated
"""
