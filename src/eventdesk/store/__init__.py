"""The event store: documents, mentions with evidence, fused events; SQLite by default.

- ``Store(path=None)``: open/migrate (``$EVENTDESK_DB`` or ``eventdesk.db`` when no path).
- ``Store.ingest(items, extract)``, ``Store.add(doc, events)``: idempotent, one transaction a document.
- ``Store.events(country=, admin1=, actor=, type=, since=, until=, kind=, search=)`` -> records.
- ``Store.event(id)``, ``Store.sources(id)``, ``Store.to_dataframe()``.
"""
from .store import IngestSummary, Store, content_hash, default_db_path

__all__ = ["IngestSummary", "Store", "content_hash", "default_db_path"]
