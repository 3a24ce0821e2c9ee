"""Writers for fused events: ACLED-layout CSV, JSON Lines and Parquet (one row layout, one id),
UCDP GED-style CSV, GeoJSON.

- ``write(events, fmt, out)`` with fmt in ``FORMATS``; ``out`` a path or a text stream (Parquet:
  a folder, read by pandas/pyarrow/DuckDB as a dataset).
- ``acled_row(event)``: ACLED's 31 columns in ACLED's order (``ACLED_COLUMNS``), then eventdesk's
  (``OWN_COLUMNS``); ``ucdp_row(event)``: a GED row, or None when UCDP would not code the event.
- ``event_id_cnty(store_id, country)`` and ``store_event_id(either_id)``: the export id and back.
"""
from .acled import ACLED_COLUMNS, COLUMNS, OWN_COLUMNS, AdminLookup, acled_row
from .codes import actor_category, event_id_cnty, inter_code, interaction, store_event_id
from .ucdp import UCDP_COLUMNS, ucdp_row
from .writers import CSV_COLUMNS, FORMATS, csv_row, to_arrow, to_geojson, write, write_parquet_dataset

__all__ = ["ACLED_COLUMNS", "COLUMNS", "CSV_COLUMNS", "FORMATS", "OWN_COLUMNS", "UCDP_COLUMNS", "AdminLookup",
           "acled_row", "actor_category", "csv_row", "event_id_cnty", "inter_code", "interaction", "store_event_id",
           "to_arrow", "to_geojson", "ucdp_row", "write", "write_parquet_dataset"]
