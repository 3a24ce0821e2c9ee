"""The web dashboard: a read-only JSON API over the store and a static, offline front end.

- ``make_server(db_path, host, port)`` -> a ``ThreadingHTTPServer``; ``serve_forever()`` runs it.
- API (``api.py``): ``/api/events?country=&admin1=&actor=&type=&kind=&since=&until=&q=&limit=``,
  ``/api/events/<id>`` (the fused event, its source documents with text, mentions, evidence spans
  and the text cut at the span boundaries), ``/api/facets?kind=`` (filter values with counts).
- Front end (``static/``): plain HTML, CSS and JavaScript; map, timeline, filters, event page.
  ``static/world.json`` holds simplified country outlines built by ``outlines.py``.
"""
from .server import DashboardServer, make_server

__all__ = ["DashboardServer", "make_server"]
