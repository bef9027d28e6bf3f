#!/usr/bin/env bash
# Bounded memory on large inputs: generates a JSONL file and a .warc.gz file
# of SIZE_MB each (default 1024) from real article texts, runs
# `storyline analyze` on each, and prints wall time, throughput and peak RSS.
#
#   bench/large-input.sh [SIZE_MB]
#
# Generated files go to bench/out/ (ignored by git) and are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
cargo build --release -q -p storyline -p storyline-bench
mkdir -p bench/out
for kind in jsonl warc; do
  file=bench/out/corpus-${size}mb.$kind
  [ "$kind" = warc ] && file=$file.gz
  [ -f "$file" ] || ./target/release/gen-corpus "$kind" "$file" "$size"
  bytes=$(stat -c %s "$file")
  /usr/bin/time -f "%e %M" -o bench/out/time.txt \
    ./target/release/storyline analyze -q --compact -o bench/out/report.json "$file" || true
  read -r secs rss_kb < bench/out/time.txt
  python3 - "$kind" "$bytes" "$secs" "$rss_kb" bench/out/report.json <<'PY'
import json, sys
kind, size, secs, rss_kb, report = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
stats = json.load(open(report))["stats"]
print(f"{kind:6} {size/1e6:6.0f} MB on disk, {stats['documents']:7d} documents, {stats['text_bytes']/1e6:6.0f} MB of text: "
      f"{secs:6.1f} s, {size/1e6/secs:6.1f} MB/s (file), peak RSS {rss_kb/1024:5.0f} MB")
PY
done
