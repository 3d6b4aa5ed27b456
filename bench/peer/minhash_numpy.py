#!/usr/bin/env python3
"""The numpy peer for MinHash text dedup, as an ML engineer would write it
(the text-dedup / BigCode recipe): vectorised MinHash over precomputed 32-bit
shingle hashes, LSH bands, then union-find over band collisions, keeping the
first record of each component. No exact verification, so it does less work
than ours (and may merge pairs below the threshold); it is a timing peer.

Input: DIR/shingles.i32 (all records' shingle hashes, concatenated) and
DIR/offsets.i32 (N + 1 record offsets), as bench/text/textDedupBench.ts writes.
Usage: minhash_numpy.py DIR N BANDS ROWS
Prints one JSON line: {"seconds", "cpuSeconds", "signatureSeconds", "kept", "edges", "numpy"}.
"""
import json
import sys
import time

import numpy as np


def signatures(shingles: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, block_units: int) -> np.ndarray:
    n = len(offsets) - 1
    k = len(a)
    sig = np.empty((n, k), dtype=np.uint32)
    for start in range(0, n, block_units):
        stop = min(n, start + block_units)
        lo, hi = offsets[start], offsets[stop]
        x = shingles[lo:hi].view(np.uint32)
        # uint32 arithmetic wraps: (a·x + b) mod 2^32, the same universal family as ours. Hash
        # functions along rows and a block small enough for the cache: ~20x faster than the
        # shingle-major layout (measured).
        h = a[:, None] * x[None, :]
        h += b[:, None]
        sig[start:stop] = np.minimum.reduceat(h, offsets[start:stop] - lo, axis=1).T
    return sig


def find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def main() -> None:
    folder, n, bands, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    shingles = np.fromfile(f"{folder}/shingles.i32", dtype=np.int32)
    offsets = np.fromfile(f"{folder}/offsets.i32", dtype=np.int32).astype(np.int64)
    rng = np.random.default_rng(12345)
    k = bands * rows
    a = rng.integers(0, 2**32, size=k, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 2**32, size=k, dtype=np.uint64).astype(np.uint32)
    started = time.perf_counter()
    cpu_started = time.process_time()
    sig = signatures(shingles, offsets, a, b, 512)
    signature_seconds = time.perf_counter() - started
    parent = np.arange(n)
    mult = (np.uint64(0x9E3779B97F4A7C15) ** np.arange(rows, dtype=np.uint64)).astype(np.uint64)
    edges_from = []
    edges_to = []
    for band in range(bands):
        keys = (sig[:, band * rows:(band + 1) * rows].astype(np.uint64) * mult[None, :]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        run_of = np.repeat(starts, np.diff(np.r_[starts, n]))
        first = order[run_of]
        mask = first != order
        edges_from.append(first[mask])
        edges_to.append(order[mask])
    src = np.concatenate(edges_from)
    dst = np.concatenate(edges_to)
    for x, y in zip(src.tolist(), dst.tolist()):
        rx, ry = find(parent, x), find(parent, y)
        if rx != ry:
            if rx < ry:
                parent[ry] = rx
            else:
                parent[rx] = ry
    roots = np.array([find(parent, i) for i in range(n)])
    kept = int((roots == np.arange(n)).sum())
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "signatureSeconds": signature_seconds, "kept": kept, "edges": int(len(src)), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
