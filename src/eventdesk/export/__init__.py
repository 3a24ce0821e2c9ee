"""Writers for fused events: JSON Lines, ACLED-style CSV, GeoJSON and Parquet.

- ``write(events, fmt, out)`` with fmt in ``FORMATS``; ``out`` a path or a text/binary stream.
- ``csv_row(event)``: one event as ACLED-named columns plus eventdesk's own.
- ``to_arrow(events)``: a pyarrow Table (lists and dicts kept as JSON strings or lists).
"""
from .writers import ACLED_COLUMNS, CSV_COLUMNS, FORMATS, csv_row, to_arrow, to_geojson, write

__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "FORMATS", "csv_row", "to_arrow", "to_geojson", "write"]
