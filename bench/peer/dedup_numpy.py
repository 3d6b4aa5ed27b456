#!/usr/bin/env python3
"""The peer an ML engineer would write for greedy near-duplicate removal.

Normalize once, then go through the records in blocks: one matrix product
(numpy -> OpenBLAS sgemm) of the block against every record kept so far
drops the block's duplicates of earlier blocks, a small product inside the
block and a short loop resolve the block in scan order, and the block's kept
rows join the kept matrix. Float32 throughout, so it is fast but not
bit-exact to the seed's f32 sequential cosine; it is a timing peer.

Usage: dedup_numpy.py VECTORS.f32 N DIM THRESHOLD [BLOCK]
Prints one JSON line: {"seconds": ..., "kept": ..., "threads": ...}.
"""
import json
import sys
import time

import numpy as np


def greedy_dedup(x: np.ndarray, threshold: float, block: int) -> np.ndarray:
    n, dim = x.shape
    norms = np.linalg.norm(x, axis=1)
    valid = norms > 0
    unit = np.zeros_like(x)
    unit[valid] = x[valid] / norms[valid, None]
    cut = np.float32(1.0 - threshold)
    kept_rows = np.empty((n, dim), dtype=np.float32)
    count = 0
    kept = np.zeros(n, dtype=bool)
    for start in range(0, n, block):
        stop = min(n, start + block)
        q = unit[start:stop]
        duplicate = ~valid[start:stop]
        if count:
            sims = q @ kept_rows[:count].T
            duplicate |= (sims >= cut).any(axis=1)
        candidates = np.nonzero(~duplicate)[0]
        inner = q[candidates] @ q[candidates].T if len(candidates) else None
        chosen = []
        for j, i in enumerate(candidates):
            if chosen and (inner[j, chosen] >= cut).any():
                continue
            chosen.append(j)
        rows = candidates[chosen]
        kept[start + rows] = True
        kept_rows[count:count + len(rows)] = q[rows]
        count += len(rows)
    # Records without a vector are kept by the seed.
    kept |= ~valid
    return kept


def main() -> None:
    path, n, dim, threshold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    block = int(sys.argv[5]) if len(sys.argv) > 5 else 1024
    x = np.fromfile(path, dtype=np.float32, count=n * dim).reshape(n, dim)
    started = time.perf_counter()
    kept = greedy_dedup(x, threshold, block)
    seconds = time.perf_counter() - started
    threads = None
    try:
        import threadpoolctl  # type: ignore

        threads = sum(info.get("num_threads", 0) for info in threadpoolctl.threadpool_info())
    except Exception:
        pass
    print(json.dumps({"seconds": seconds, "kept": int(kept.sum()), "numpy": np.__version__, "threads": threads}))


if __name__ == "__main__":
    main()
