"""scikit-learn's MLPClassifier(hidden_layer_sizes=(64, 64)) on the model benchmark's classification split.

Usage: sklearn-nn.py <data dir> <runs> [max epochs] [timed predictions per fit]. Prints one JSON object: median fit
seconds, accuracy, predict rows/s (median of the timed predictions, each fit's after an untimed one), epochs.
"""
import json
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.neural_network import MLPClassifier

directory, runs = sys.argv[1], int(sys.argv[2])
max_iter = int(sys.argv[3]) if len(sys.argv) > 3 else 200
predicts_per_fit = int(sys.argv[4]) if len(sys.argv) > 4 else 5
warnings.simplefilter("ignore")  # a capped run does not converge, and says so
x_train = np.load(f"{directory}/x_train.npy")
y_train = np.load(f"{directory}/y_train.npy")
x_test = np.load(f"{directory}/x_test.npy")
y_test = np.load(f"{directory}/y_test.npy")

fits, predicts, accuracy, epochs = [], [], None, None
for run in range(runs):
    model = MLPClassifier(hidden_layer_sizes=(64, 64), random_state=run, max_iter=max_iter)
    start = time.perf_counter()
    model.fit(x_train, y_train)
    fits.append(time.perf_counter() - start)
    predicted = model.predict_proba(x_test)
    for _ in range(predicts_per_fit):
        start = time.perf_counter()
        predicted = model.predict_proba(x_test)
        predicts.append(time.perf_counter() - start)
    accuracy = float(np.mean(predicted.argmax(axis=1) == y_test))
    epochs = int(model.n_iter_)

print(json.dumps({
    "fit_seconds": statistics.median(fits),
    "accuracy": accuracy,
    "predict_rows_per_second": len(x_test) / statistics.median(predicts),
    "epochs": epochs,
}))
