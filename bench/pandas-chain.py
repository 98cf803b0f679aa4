"""The benchmark chain in pandas, for comparison with bench/run.ts.

Usage: python3 pandas-chain.py <csv path> <runs>
Prints one JSON object: {"parse": [seconds...], "chain": [seconds...], "rows": n, "train": n, "test": n, "columns": n}.
Usage: python3 pandas-chain.py <csv path> --memory
Loads and runs the chain once and prints {"peak_bytes": n, ...}: the process's peak RSS (ru_maxrss),
interpreter and imports included, as bench/peak-memory.ts reports ours.
Same steps as ours: impute (mean / most frequent), standard-scale (population std),
one-hot (region, device, plan), derive ratio = if(x2 > 0, x1 / x2, 0) + x3 * 2,
filter (x0 >= -1.5 after scaling), seeded 80/20 split.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd

CATEGORIES = ["region", "device", "plan"]


def run_chain(df):
    numeric = list(df.select_dtypes("number").columns)
    other = [c for c in df.columns if c not in numeric]
    fills = df[numeric].mean().to_dict()
    fills.update({c: df[c].mode().iloc[0] for c in other})
    df = df.fillna(fills)
    values = df[numeric]
    scaled = (values - values.mean()) / values.std(ddof=0)
    df = pd.concat([scaled, df[other]], axis=1)
    df = pd.get_dummies(df, columns=CATEGORIES, dtype="float64")
    x1, x2, x3 = (df[c].to_numpy() for c in ("x1", "x2", "x3"))
    with np.errstate(divide="ignore", invalid="ignore"):
        df["ratio"] = np.where(x2 > 0, x1 / x2, 0) + x3 * 2
    df = df[df["x0"].to_numpy() >= -1.5]
    is_test = np.zeros(len(df), dtype=bool)
    is_test[np.random.default_rng(42).permutation(len(df))[: round(len(df) * 0.2)]] = True
    return df[~is_test], df[is_test]


def measure_memory(path):
    train, test = run_chain(pd.read_csv(path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    print(json.dumps({"peak_bytes": peak, "train": len(train), "test": len(test), "columns": train.shape[1]}))


def main():
    if sys.argv[2] == "--memory":
        return measure_memory(sys.argv[1])
    path, runs = sys.argv[1], int(sys.argv[2])
    parse, chain = [], []
    # Run 0 is a warm-up left out of the figures, as bench/run.ts does for ours and Polars. Each run's frames
    # are freed before the next run starts, as the other engines' are, so no run pays for fresh memory.
    for run in range(runs + 1):
        start = time.perf_counter()
        df = pd.read_csv(path)
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        train, test = run_chain(df)
        if run > 0:
            parse.append(parsed)
            chain.append(time.perf_counter() - start)
        shape = {"rows": len(df), "train": len(train), "test": len(test), "columns": train.shape[1]}
        del df, train, test
    print(json.dumps({"parse": parse, "chain": chain, **shape}))


if __name__ == "__main__":
    main()
