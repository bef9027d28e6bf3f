#!/usr/bin/env bash
# Load benchmark of `storyline serve`: read latency of an event's brief with
# DOCS documents in the store (target: p99 < 20 ms at 10,000 documents) and
# ingest through the API (target: >= 1,000 articles/s).
#
#   bench/load.sh                      # DOCS=10000 API_DOCS=5000 DURATION=20s
#   DOCS=2000 API_DOCS=1000 DURATION=5s bench/load.sh   # a quick run
#
# 1. builds the release binaries (storyline, load-client) and installs `wrk`
#    (Debian's package) when it is missing;
# 2. generates DOCS articles as JSON Lines (`load-client gen`: the real texts
#    of storyline_bench::source_articles, then the edited copies other
#    outlets run) and ingests them with `storyline ingest` into a fresh store;
# 3. starts `storyline serve` on a free loopback port, picks the event with
#    the most documents from /api/stories and runs
#    `wrk -t2 -c16 -d$DURATION --latency` against
#    /api/events/{id}/brief?format=json, ?format=html and the page
#    /events/{id}, printing p50 / p99 and requests/s of each (and the JSON
#    brief once more with a single connection, without queueing);
# 4. posts API_DOCS further articles (none of them in the store yet) to
#    POST /api/documents as application/x-ndjson batches of 100 over 2
#    connections, then API_DOCS more in batches of 500, then of 1,000
#    (`load-client post`),
#    printing articles/s and per-request p50 / p99, and how long after the
#    last answer the server's background rebuild of the changed events'
#    reports took (until /api/health says none is pending); then measures
#    the JSON brief of the (new) largest event once more;
# 5. prints the server's peak RSS (VmHWM) and stops it with SIGTERM.
#
# Everything lands in bench/out/load/ (ignored by git); the figures also go
# to bench/out/load/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${DOCS:-10000}
api_docs=${API_DOCS:-5000}
duration=${DURATION:-20s}
token=load-bench-token
out=bench/out/load

cargo build --release -q -p storyline -p storyline-bench
bin=./target/release
if ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -q wrk >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q wrk >/dev/null; }
fi

rm -rf "$out"
mkdir -p "$out"
summary=$out/summary.txt
say() { echo "$*" | tee -a "$summary"; }

"$bin/load-client" gen --count "$docs" --start 0 "$out/corpus.jsonl"
"$bin/load-client" gen --count "$api_docs" --start "$docs" --fields api "$out/api-100.jsonl"
"$bin/load-client" gen --count "$api_docs" --start $((docs + api_docs)) --fields api "$out/api-500.jsonl"
"$bin/load-client" gen --count "$api_docs" --start $((docs + 2 * api_docs)) --fields api "$out/api-1000.jsonl"

/usr/bin/time -f "%e %M" -o "$out/ingest.time" \
  "$bin/storyline" ingest --db "$out/store.sqlite" "$out/corpus.jsonl" >"$out/ingest.out"
read -r secs rss_kb <"$out/ingest.time"
say "$(awk -v n="$docs" -v s="$secs" -v r="$rss_kb" -v db="$(stat -c %s "$out/store.sqlite")" \
  'BEGIN { printf "storyline ingest: %d articles in %.1f s = %.0f articles/s, peak RSS %.0f MB, store %.0f MB\n", n, s, n / s, r / 1024, db / 1e6 }')"

"$bin/storyline" serve --db "$out/store.sqlite" --bind 127.0.0.1:0 --token "$token" \
  >"$out/serve.out" 2>"$out/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q '^listening on http://' "$out/serve.out" && break
  kill -0 "$pid" 2>/dev/null || { cat "$out/serve.log" >&2; exit 1; }
  sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$out/serve.out" | head -n 1)
[ -n "$base" ] || { echo "storyline serve printed no address" >&2; exit 1; }
addr=${base#http://}

IFS=$'\t' read -r event event_docs event_sources n_stories n_events event_title \
  < <("$bin/load-client" largest-event --addr "$addr")
say "store: $n_stories stories, $n_events events; largest event $event: $event_docs documents, $event_sources sources: ${event_title:0:80}"

# bench_url NAME PATH [CONNECTIONS]: wrk's p50, p99 and requests/s.
bench_url() {
  local name=$1 path=$2 connections=${3:-16} status
  status=$(curl -s -o "$out/$name.body" -w '%{http_code}' "$base$path")
  [ "$status" = 200 ] || { echo "GET $path: $status" >&2; head -c 500 "$out/$name.body" >&2; exit 1; }
  wrk -t$((connections < 2 ? connections : 2)) -c"$connections" -d"$duration" --latency "$base$path" >"$out/wrk-$name.txt"
  awk -v name="$name" -v c="$connections" -v size="$(stat -c %s "$out/$name.body")" '
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /^Requests\/sec/ { rps = $2 }
    /Non-2xx|Socket errors/ { errors = errors " " $0 }
    END { printf "wrk -c%-2d %-16s (%7d bytes): p50 %8s  p99 %8s  %8s req/s%s\n", c, name, size, p50, p99, rps, errors }
  ' "$out/wrk-$name.txt" | tee -a "$summary"
}
bench_url brief-json "/api/events/$event/brief?format=json"
# The same with one connection: the latency of a request that does not queue.
bench_url brief-json-c1 "/api/events/$event/brief?format=json" 1
bench_url brief-html "/api/events/$event/brief?format=html"
bench_url event-page "/events/$event"

for batch in 100 500 1000; do
  "$bin/load-client" post --addr "$addr" --token "$token" --batch "$batch" --connections 2 \
    "$out/api-$batch.jsonl" >"$out/post-$batch.txt"
  say "batch $batch: $(head -n 1 "$out/post-$batch.txt")"
done
# The largest event's brief again, now that the store holds the API's articles too.
IFS=$'\t' read -r event event_docs event_sources n_stories n_events event_title \
  < <("$bin/load-client" largest-event --addr "$addr")
say "store: $n_stories stories, $n_events events; largest event $event: $event_docs documents, $event_sources sources: ${event_title:0:80}"
bench_url brief-json-after "/api/events/$event/brief?format=json"

say "storyline serve peak RSS (VmHWM): $(awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status")"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT
say "storyline serve exited with status $status on SIGTERM"
