"""The dataset page's column profile in pandas, for comparison with bench/profile.ts.

Usage: python3 pandas-profile.py <csv path> <runs>
Parses once, then times what our profile computes, the way a pandas user would get it: missing counts,
describe() (count, mean, std, min, max), nunique(), a 20-bin histogram of each numeric column and
value_counts() of each other column (distinct values and the top ten).
Prints one JSON object: {"profile": [seconds...], "columns": n}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def profile(df):
    numeric = list(df.select_dtypes("number").columns)
    other = [c for c in df.columns if c not in numeric]
    missing = df.isna().sum()
    described = df[numeric].describe()
    distinct = df[numeric].nunique()
    histograms = {c: np.histogram(df[c].dropna().to_numpy(), bins=20) for c in numeric}
    top = {c: df[c].value_counts().head(10) for c in other}
    return missing, described, distinct, histograms, top


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    df = pd.read_csv(path)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        profile(df)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"profile": seconds, "columns": df.shape[1]}))


if __name__ == "__main__":
    main()
