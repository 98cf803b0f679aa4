"""Fits scikit-learn's and XGBoost's tree models on the model benchmark's rows (bench/model-data.py).

Usage: sklearn-trees.py <data dir> <task> <runs> <models, comma-separated> [<predict runs>]
Models: decision_tree, random_forest (n_jobs=-1; fitted once: ~30 s here), hist_gbt, xgboost (hist, 2 threads).
Prints JSON: {model: {"fit": [seconds per run], "predict_rows_per_s": median, "accuracy"/"auc" or "r2": ...}}
or {model: {"skipped": why}} when a library is missing.
"""
import json
import os
import sys
import time

import numpy as np


def load(directory, task):
    part = lambda name: np.load(os.path.join(directory, task, name + ".npy"))
    return part("x_train"), part("y_train"), part("x_test"), part("y_test")


def make(model, task):
    classification = task == "classification"
    if model == "decision_tree":
        from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
        return (DecisionTreeClassifier if classification else DecisionTreeRegressor)(random_state=0)
    if model == "random_forest":
        from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
        return (RandomForestClassifier if classification else RandomForestRegressor)(n_estimators=100, n_jobs=-1, random_state=0)
    if model == "hist_gbt":
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        return (HistGradientBoostingClassifier if classification else HistGradientBoostingRegressor)(random_state=0)
    if model == "xgboost":
        import xgboost
        return (xgboost.XGBClassifier if classification else xgboost.XGBRegressor)(n_estimators=100, tree_method="hist", n_jobs=2, random_state=0)
    raise ValueError(model)


def score(task, model, x_test, y_test):
    if task == "classification":
        from sklearn.metrics import accuracy_score, roc_auc_score
        proba = model.predict_proba(x_test)[:, 1]
        return {"accuracy": float(accuracy_score(y_test, proba > 0.5)), "auc": float(roc_auc_score(y_test, proba))}
    from sklearn.metrics import r2_score
    return {"r2": float(r2_score(y_test, model.predict(x_test)))}


def measure(name, task, runs, data, predict_runs):
    x_train, y_train, x_test, y_test = data
    fits = []
    if name != "random_forest":
        make(name, task).fit(x_train, y_train)  # untimed, as ours fits once first (a forest is fitted once: ~30 s)
    for _ in range(1 if name == "random_forest" else runs):
        model = make(name, task)
        start = time.perf_counter()
        model.fit(x_train, y_train)
        fits.append(time.perf_counter() - start)
    predict = model.predict_proba if task == "classification" else model.predict
    predict(x_test)  # untimed, as ours predicts once first
    seconds = []
    for _ in range(predict_runs):
        start = time.perf_counter()
        predict(x_test)
        seconds.append(time.perf_counter() - start)
    return {"fit": fits, "predict_rows_per_s": len(x_test) / float(np.median(seconds)), **score(task, model, x_test, y_test)}


def main():
    directory, task, runs, models = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
    predict_runs = int(sys.argv[5]) if len(sys.argv) > 5 else runs
    data = load(directory, task)
    out = {}
    for name in models:
        try:
            out[name] = measure(name, task, runs, data, predict_runs)
        except ImportError as error:
            out[name] = {"skipped": f"{error}; install python3-sklearn / python3-xgboost to compare"}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
