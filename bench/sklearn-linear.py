"""scikit-learn's linear models on the model benchmark's rows, timed the way bench/models-linear.ts times ours.

Usage: sklearn-linear.py <data directory> <fit runs> <predict runs>. Reads classification/ and regression/ .npy files written by
model-data.py and prints JSON: per model the fit and predict seconds of every run, and its test score
(accuracy and ROC AUC for LogisticRegression(), R² for LinearRegression(), Ridge() and Lasso()), and for
LinearRegression the seconds of its prediction's two parts: the input check and the product.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.utils import check_array


def load(directory, task):
    part = lambda name: np.load(os.path.join(directory, task, name + ".npy"))
    return part("x_train"), part("y_train"), part("x_test"), part("y_test")


def timed(runs, task):
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = task()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def measure(model, runs, x_train, y_train, x_test, predict):
    model.fit(x_train, y_train)  # untimed, as ours fits once first
    fit, fitted = timed(runs[0], lambda: model.fit(x_train, y_train))
    predicted, output = timed(runs[1], lambda: predict(fitted, x_test))
    return fit, predicted, output, fitted


def main():
    directory, runs = sys.argv[1], (int(sys.argv[2]), int(sys.argv[3]))
    out = {}
    x_train, y_train, x_test, y_test = load(directory, "classification")
    fit, predict, proba, model = measure(LogisticRegression(), runs, x_train, y_train, x_test, lambda m, x: m.predict_proba(x))
    out["logistic"] = {
        "fit": fit,
        "predict": predict,
        "accuracy": accuracy_score(y_test, proba.argmax(axis=1)),
        "auc": roc_auc_score(y_test, proba[:, 1]),
        "iterations": int(model.n_iter_[0]),
    }
    x_train, y_train, x_test, y_test = load(directory, "regression")
    for name, model in (("ols", LinearRegression()), ("ridge", Ridge()), ("lasso", Lasso())):
        fit, predict, values, _ = measure(model, runs, x_train, y_train, x_test, lambda m, x: m.predict(x))
        out[name] = {"fit": fit, "predict": predict, "r2": r2_score(y_test, values)}
    # Where LinearRegression().predict's time goes: the input check (one pass over X) and BLAS's product.
    model = LinearRegression().fit(x_train, y_train)
    out["ols"]["check"], _ = timed(runs[1], lambda: check_array(x_test))
    out["ols"]["product"], _ = timed(runs[1], lambda: x_test @ model.coef_)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
