#!/usr/bin/env python3
"""Reference MinHash signatures and LSH with datasketch, on the corpus that
`minhash-speed --write-corpus PATH` writes, for comparison with storyline.

Needs datasketch (https://pypi.org/project/datasketch/):

    python3 -m pip install datasketch

(bench/dedup-speed.sh installs it into bench/out/venv and runs this script.)

    python3 bench/minhash_reference.py CORPUS.jsonl [--pairs CORPUS.jsonl.pairs.tsv]
        [--sample N] [--json OUT.json]

What it does, in the spirit of storyline's fingerprints: each text's words
are its lower-cased runs of letters and digits; its shingles are the set of
3 consecutive words, joined by a space, as UTF-8 bytes. Signatures are
128-permutation MinHash (datasketch's default scheme and SHA-1 based hash).
The three documented ways of building them (`update` per shingle,
`update_batch`, `MinHash.bulk`/`generator`) are timed on a sample, and the
fastest is used for the whole corpus. Then the signatures go through
`MinHashLSH` one document at a time, in corpus order: `query` (candidates
among earlier documents) then `insert`, once with `threshold=0.5` (the
banding datasketch derives from it) and once with storyline's banding
(`params=(42, 3)`), so that the comparison can be made at equal recall of
the known near-duplicate pairs (`CORPUS.pairs.tsv`: a pair is found when
the later document's query returns the earlier one). Everything runs on one
thread.
"""

import argparse
import json
import re
import sys
import time

try:
    from datasketch import MinHash, MinHashLSH
except ImportError:
    sys.exit(
        "minhash_reference.py: datasketch is not installed.\n"
        "Install it with `python3 -m pip install datasketch` (in a virtual environment),\n"
        "or run bench/dedup-speed.sh, which installs it into bench/out/venv."
    )

NUM_PERM = 128
WORD = re.compile(r"[^\W_]+")


def shingles(text):
    words = WORD.findall(text.lower())
    return list({" ".join(words[i : i + 3]).encode("utf-8") for i in range(len(words) - 2)})


def sign_update(sets):
    out = []
    for s in sets:
        m = MinHash(num_perm=NUM_PERM)
        for x in s:
            m.update(x)
        out.append(m)
    return out


def sign_update_batch(sets):
    out = []
    for s in sets:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(s)
        out.append(m)
    return out


def sign_bulk(sets):
    return MinHash.bulk(sets, num_perm=NUM_PERM)


METHODS = {"update": sign_update, "update_batch": sign_update_batch, "bulk": sign_bulk}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSONL of {id, text}, as minhash-speed --write-corpus writes it")
    ap.add_argument("--pairs", help="known near-duplicate pairs (default: CORPUS.pairs.tsv)")
    ap.add_argument("--sample", type=int, default=2000, help="documents to time the methods on")
    ap.add_argument("--json", help="write the results here as JSON")
    args = ap.parse_args()

    t = time.perf_counter()
    ids, texts = [], []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            ids.append(rec["id"])
            texts.append(rec["text"])
    n = len(texts)
    pairs = []
    with open(args.pairs or args.corpus + ".pairs.tsv", encoding="utf-8") as f:
        for line in f:
            a, b = line.split("\t")[:2]
            pairs.append((a, b))
    print(f"datasketch reference: {n} articles, {len(pairs)} known pairs, read in {time.perf_counter() - t:.1f} s")

    # Shingles, timed on their own.
    t = time.perf_counter()
    sets = [shingles(x) for x in texts]
    shingle_s = time.perf_counter() - t
    mean_shingles = sum(map(len, sets)) / n
    print(f"shingles: {mean_shingles:.0f} per article; {n / shingle_s:,.0f} articles/s")

    # The methods, on a sample.
    sample = sets[: min(args.sample, n)]
    method_rates = {}
    for name, fn in METHODS.items():
        part = sample if name != "update" else sample[: max(1, len(sample) // 4)]
        t = time.perf_counter()
        fn(part)
        method_rates[name] = len(part) / (time.perf_counter() - t)
        print(f"  MinHash({NUM_PERM}) via {name:<12}: {method_rates[name]:,.0f} articles/s (sample of {len(part)})")
    best = max(method_rates, key=method_rates.get)

    # Signatures for everything with the fastest method, in chunks.
    t = time.perf_counter()
    sigs = []
    for i in range(0, n, 1000):
        sigs.extend(METHODS[best](sets[i : i + 1000]))
    sign_s = time.perf_counter() - t
    del sets
    sign_rate = n / sign_s
    e2e_rate = n / (sign_s + shingle_s)
    print(f"signatures ({best}): {sign_rate:,.0f} articles/s; with shingling: {e2e_rate:,.0f} articles/s (1 thread)")

    # LSH: query then insert, in corpus order.
    position = {d: i for i, d in enumerate(ids)}
    later = {}
    for a, b in pairs:
        ia, ib = position[a], position[b]
        lo, hi = min(ia, ib), max(ia, ib)
        later.setdefault(hi, set()).add(ids[lo])
    known = {(min(position[a], position[b]), max(position[a], position[b])) for a, b in pairs}
    lsh_results = []
    for label, kwargs in (("threshold=0.5", {"threshold": 0.5}), ("params=(42, 3)", {"params": (42, 3)})):
        lsh = MinHashLSH(num_perm=NUM_PERM, **kwargs)
        found = 0
        candidates = 0
        t = time.perf_counter()
        for i, (d, m) in enumerate(zip(ids, sigs)):
            result = lsh.query(m)
            candidates += len(result)
            if i in later:
                found += len(later[i].intersection(result))
            lsh.insert(d, m)
        secs = time.perf_counter() - t
        recall = found / max(1, len(known))
        res = {
            "config": label,
            "bands": lsh.b,
            "rows": lsh.r,
            "seconds": secs,
            "articles_per_s": n / secs,
            "us_per_doc": secs * 1e6 / n,
            "recall": recall,
            "pairs_found": found,
            "candidates": candidates,
            "candidates_per_doc": candidates / n,
        }
        lsh_results.append(res)
        print(
            f"LSH {label:<15} ({lsh.b} bands x {lsh.r} rows): query+insert {n / secs:,.0f} articles/s "
            f"({secs * 1e6 / n:.0f} µs/article); recall {found}/{len(known)} = {recall:.4f}; "
            f"{candidates / n:.2f} unverified candidates per article"
        )
        del lsh

    out = {
        "n": n,
        "known_pairs": len(known),
        "num_perm": NUM_PERM,
        "mean_shingles": mean_shingles,
        "method_articles_per_s": method_rates,
        "method": best,
        "shingles_articles_per_s": n / shingle_s,
        "signatures_articles_per_s": sign_rate,
        "shingles_and_signatures_articles_per_s": e2e_rate,
        "lsh": lsh_results,
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
