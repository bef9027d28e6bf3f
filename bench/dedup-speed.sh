#!/usr/bin/env bash
# MinHash signatures and LSH: storyline against datasketch, on the same
# texts and at equal recall of known near-duplicate pairs.
#
#   bench/dedup-speed.sh [N]      (N articles, default 100000)
#
# Builds release, runs minhash-speed (which generates N realistic articles
# of ~3.5 KB from ../shared, with 1,000 known near-duplicate pairs, and
# writes them to bench/out/, ignored by git), installs datasketch into a
# virtual environment under bench/out/venv if it is not there, runs
# bench/minhash_reference.py on the same corpus, and prints storyline's
# articles/s per core over datasketch's. Both sides run one thread for
# the per-core figures; other work on the machine skews both.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
out=bench/out
mkdir -p "$out"

cargo build --release -q -p storyline-eval --bin minhash-speed
corpus=$out/dedup-corpus-$n.jsonl
./target/release/minhash-speed --n "$n" --write-corpus "$corpus" --json >"$out/minhash-speed.json"

venv=$out/venv
if ! "$venv/bin/python" -c 'import datasketch' 2>/dev/null; then
  echo "installing datasketch into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q datasketch
fi
echo
"$venv/bin/python" bench/minhash_reference.py "$corpus" --json "$out/datasketch.json"

echo
python3 - "$out/minhash-speed.json" "$out/datasketch.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
rate = s["articles_per_s"]
last = s["index"][-1]
print(f"storyline vs datasketch on {s['n']} articles ({s['mean_bytes']:.0f} bytes, {s['mean_shingles']:.0f} shingles each), "
      f"one thread each, {s['threads']}-thread machine shared with other work:")
print(f"  signatures, text to 128-perm MinHash: storyline fingerprint {rate['fingerprint_1_thread']:,.0f}/s "
      f"(tokens + shingles + MinHash + seeds) vs datasketch {d['shingles_and_signatures_articles_per_s']:,.0f}/s "
      f"(shingles + {d['method']}): {rate['fingerprint_1_thread'] / d['shingles_and_signatures_articles_per_s']:.1f}x")
print(f"    (storyline's whole per-document stage, normalize + repeats + fingerprint: {rate['prepare_1_thread']:,.0f}/s, "
      f"{rate['prepare_1_thread'] / d['shingles_and_signatures_articles_per_s']:.1f}x)")
print(f"  MinHash alone on shingle sets: storyline {rate['minhash_1_thread']:,.0f}/s vs datasketch {d['signatures_articles_per_s']:,.0f}/s "
      f"(including its SHA-1 of each shingle): {rate['minhash_1_thread'] / d['signatures_articles_per_s']:.1f}x")
print(f"  storyline on all {s['threads']} threads: fingerprint {rate['fingerprint_all_threads']:,.0f}/s")
ins = 1e6 / last["us_per_insert"]
for l in d["lsh"]:
    print(f"  LSH ({l['config']}): storyline insert (candidates + exact verification) {ins:,.0f}/s, recall {s['recall']:.4f} vs "
          f"datasketch query+insert (no verification) {l['articles_per_s']:,.0f}/s, recall {l['recall']:.4f}: {ins / l['articles_per_s']:.1f}x")
eq = [l for l in d["lsh"] if l["recall"] >= s["recall"] - 0.005]
if eq:
    l = eq[0]
    total_s = 1 / rate["fingerprint_1_thread"] + last["us_per_insert"] / 1e6
    total_d = 1 / d["shingles_and_signatures_articles_per_s"] + 1 / l["articles_per_s"]
    print(f"at equal recall ({s['recall']:.4f} vs {l['recall']:.4f}, datasketch {l['config']}): "
          f"text to dedup decision per core, storyline {1 / total_s:,.0f}/s vs datasketch {1 / total_d:,.0f}/s: "
          f"ratio {total_d / total_s:.1f}")
else:
    print("datasketch reached no configuration with storyline's recall")
PY
