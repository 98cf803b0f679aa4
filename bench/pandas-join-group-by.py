"""The join and group-by lines in pandas, for comparison with bench/join-group-by.ts.

Usage: python3 pandas-join-group-by.py <data dir> <runs>
The data dir holds manifest.json and the raw column files written by bench/join-group-by-data.ts.
Columns get the dtypes read_csv would infer (integers without missing cells as int64, with missing
cells as float64), text as pandas' categorical dtype. Prints one JSON object:
{"join": {"seconds": [...], "rows": n, "sums": [...]}, "group_by": {...}}.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd


def load(directory, manifest, name):
    columns = {}
    for col in manifest[name]:
        path = os.path.join(directory, col["file"])
        if col["kind"] == "category":
            columns[col["name"]] = pd.Categorical.from_codes(np.fromfile(path, dtype="<i4"), col["dictionary"])
            continue
        values = np.fromfile(path, dtype="<f8")
        columns[col["name"]] = values if np.isnan(values).any() else values.astype("int64")
    return pd.DataFrame(columns)


def timed(runs, task):
    seconds, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = task()
        seconds.append(time.perf_counter() - start)
    return seconds, out


def main():
    directory, runs = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    orders, customers, events = (load(directory, manifest, name) for name in ("orders", "customers", "events"))

    join_seconds, joined = timed(runs, lambda: orders.merge(customers, on="customer", how="inner"))
    group_seconds, grouped = timed(
        runs,
        lambda: events.groupby("device", sort=False).agg(
            bytes_sum=("bytes", "sum"), latency_mean=("latency", "mean"), errors_max=("errors", "max")
        ),
    )
    print(json.dumps({
        "join": {"seconds": join_seconds, "rows": len(joined), "sums": [float(joined["amount"].sum()), float(joined["credit"].sum())]},
        "group_by": {
            "seconds": group_seconds,
            "rows": len(grouped),
            "sums": [float(grouped[c].sum()) for c in ("bytes_sum", "latency_mean", "errors_max")],
        },
    }))


if __name__ == "__main__":
    main()
