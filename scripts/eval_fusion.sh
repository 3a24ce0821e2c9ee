#!/usr/bin/env bash
# Measure fusion on the shared clustered news set: ingest, export JSONL, score link P/R/F1 and
# false alarms with ../shared/tools/score_fusion.py. Usage: scripts/eval_fusion.sh [OUT_DIR]
# Figures depend on extraction quality as much as on fusion.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${EVENTDESK_SHARED:-$root/../shared}"
out="${1:-$root/out/eval_fusion}"
python="${PYTHON:-$root/.venv/bin/python}"
mkdir -p "$out"
rm -f "$out/clusters.db" "$out/clusters.db-wal" "$out/clusters.db-shm"
"$python" -m eventdesk ingest "$shared/dev/news_clusters/docs.jsonl" --db "$out/clusters.db" || true
"$python" -m eventdesk export --db "$out/clusters.db" --format jsonl -o "$out/fused.jsonl"
"$python" "$shared/tools/score_fusion.py" "$shared/dev/news_clusters/gold.json" "$out/fused.jsonl"
