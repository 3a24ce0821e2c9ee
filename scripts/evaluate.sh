#!/usr/bin/env bash
# Score extraction against the shared gold annotations (development only: needs ../shared).
# Usage: scripts/evaluate.sh [seeds|full_articles|general_news|gtd|acled|case2021|all|caseless] [-v]
# (caseless: the seeds, full articles, GTD and ACLED sets again, all lower case and all capitals)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${EVENTDESK_SHARED:-../shared}
bin=${EVENTDESK_BIN:-.venv/bin/eventdesk}
out=${EVENTDESK_OUT:-out}
mkdir -p "$out"
which=${1:-all}; shift || true
score() {  # name gold docs input...
  local name=$1 gold=$2 docs=$3; shift 3
  "$bin" extract "$@" -o "$out/$name.jsonl"
  echo "== $name"
  python3 "$shared/tools/score_events.py" "$gold" "$out/$name.jsonl" --docs "$docs" "${EXTRA[@]}"
}
EXTRA=("$@")
case2021_false_alarms() {
  python3 - "$shared/dev/case2021/gold.json" "$out/case2021.jsonl" <<'PY'
import json, sys
gold = json.load(open(sys.argv[1]))
empty = {d["doc"] for d in gold["documents"] if not d["events"]}
hit = {json.loads(l)["doc_id"] for l in open(sys.argv[2]) if l.strip() and json.loads(l).get("kind", "event") == "event"}
print(f"  disaster snippets with a conflict event: {len(empty & hit)}/{len(empty)} = {len(empty & hit) / max(len(empty), 1):.3f}")
PY
}
[[ $which == seeds || $which == all ]] && score seeds "$shared/gold/seeds.gold.json" "$shared/seeds" "$shared"/seeds/*.txt
if [[ $which == full_articles || $which == all ]]; then
  score full_articles "$shared/dev/full_articles/gold.json" "$shared/dev/full_articles/docs.jsonl" "$shared/dev/full_articles/docs.jsonl"
fi
if [[ $which == general_news || $which == all ]]; then   # look-alike news: every record is a false alarm
  "$bin" extract "$shared/dev/general_news/docs.jsonl" -o "$out/general_news.jsonl"
  echo "== general_news"
  python3 - "$shared/dev/general_news/docs.jsonl" "$out/general_news.jsonl" <<'PY'
import json, sys
n = sum(1 for l in open(sys.argv[1]) if l.strip())
hit = {json.loads(l)["doc_id"] for l in open(sys.argv[2]) if l.strip()}
print(f"  articles with a record: {len(hit)}/{n} (want at most 1)")
PY
fi
for set in gtd acled case2021; do
  if [[ $which == "$set" || $which == all ]]; then
    score "$set" "$shared/dev/$set/gold.json" "$shared/dev/$set/docs.jsonl" "$shared/dev/$set/docs.jsonl"
    [[ $set == case2021 ]] && case2021_false_alarms
  fi
done
if [[ $which == caseless ]]; then   # how extraction holds when a feed loses its capitals
  variants="$out/caseless"
  python3 scripts/case_variants.py "$shared/gold/seeds.gold.json" "$shared/seeds" "$variants" seeds
  for set in full_articles gtd acled; do
    python3 scripts/case_variants.py "$shared/dev/$set/gold.json" "$shared/dev/$set/docs.jsonl" "$variants" "$set"
  done
  for set in seeds full_articles gtd acled; do
    for mode in lower upper; do
      score "${set}_$mode" "$variants/${set}_$mode.gold.json" "$variants/${set}_$mode.jsonl" "$variants/${set}_$mode.jsonl"
    done
  done
fi
