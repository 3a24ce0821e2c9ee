"""Extraction at scale on a Dask cluster: millions of articles, partitioned, resumable.

    from eventdesk import scale
    report = scale.run(["articles/", "feeds/*.jsonl"], "out/", n_workers=4)   # a LocalCluster
    report = scale.run(paths, "out/", scheduler="tcp://scheduler:8786")        # an existing cluster
    scale.load_into_store("out/", "eventdesk.db")                              # fuse on the client

The client plans partitions of about ``partition_size`` documents (files packed together, long
JSONL files cut at line boundaries); each worker reads its partitions with the ingest readers,
runs one ``Pipeline`` per worker over them and writes one part file per partition (see
``output``), then a manifest. A rerun skips finished partitions. Bad inputs are reported with
file and line in ``OUT/errors.jsonl`` and never stop their partition.
"""
from .load import load_into_store
from .output import iter_errors, iter_event_records, iter_results
from .partitions import Partition, Piece, plan_partitions
from .runner import DEFAULT_PARTITION_SIZE, RunReport, auto_partition_size, run

__all__ = ["DEFAULT_PARTITION_SIZE", "Partition", "auto_partition_size", "Piece", "RunReport", "iter_errors", "iter_event_records",
           "iter_results", "load_into_store", "plan_partitions", "run"]
