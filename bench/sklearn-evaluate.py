"""scikit-learn's side of bench/evaluate-metrics.ts: the same metrics, curves and permutation
importance on the same test rows, timed as medians; prints one JSON object on stdout."""
import json
import statistics
import sys
import time

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn import metrics as M

directory, runs, perm_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
load = lambda task, name: np.load(f"{directory}/{task}/{name}.npy")


def timed(fn):
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


classifier = LogisticRegression(max_iter=1000).fit(load("classification", "x_train"), load("classification", "y_train"))
x_test, y_test = load("classification", "x_test"), load("classification", "y_test")
proba = classifier.predict_proba(x_test)
pred = proba.argmax(1)


def classification_report():
    M.accuracy_score(y_test, pred)
    M.balanced_accuracy_score(y_test, pred)
    M.precision_recall_fscore_support(y_test, pred, zero_division=0)
    M.confusion_matrix(y_test, pred)
    M.log_loss(y_test, proba)
    auc = M.roc_auc_score(y_test, proba[:, 1])
    M.average_precision_score(y_test, proba[:, 1])
    M.roc_curve(y_test, proba[:, 1])
    M.precision_recall_curve(y_test, proba[:, 1])
    calibration_curve(y_test, proba[:, 1], n_bins=10)
    return auc


report_s, auc = timed(classification_report)
perm_s, perm = timed(lambda: permutation_importance(classifier, x_test[:perm_rows], y_test[:perm_rows], scoring="accuracy", n_repeats=5, random_state=0))

regressor = LinearRegression().fit(load("regression", "x_train"), load("regression", "y_train"))
xr_test, yr_test = load("regression", "x_test"), load("regression", "y_test")
yr_pred = regressor.predict(xr_test)


def regression_report():
    r2 = M.r2_score(yr_test, yr_pred)
    np.sqrt(M.mean_squared_error(yr_test, yr_pred))
    M.mean_absolute_error(yr_test, yr_pred)
    M.mean_absolute_percentage_error(yr_test, yr_pred)
    return r2


regression_s, r2 = timed(regression_report)
print(json.dumps({
    "coef": classifier.coef_[0].tolist(), "intercept": float(classifier.intercept_[0]),
    "reg_coef": regressor.coef_.tolist(), "reg_intercept": float(regressor.intercept_),
    "report_s": report_s, "auc": auc, "perm_s": perm_s, "perm_top": int(np.argmax(perm.importances_mean)),
    "regression_s": regression_s, "r2": r2,
}))
