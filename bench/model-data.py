"""Writes the model benchmark's datasets once, so every engine fits the same rows and split.

Each task is stored as four .npy files (x_train, y_train, x_test, y_test; x as float64, row-major)
under the directory given on the command line:
  classification: make_classification(100000, 50, n_informative=20, random_state=0), 75/25 split
  regression:     make_friedman1(100000, 50, noise=1.0, random_state=0), 75/25 split
Prints the directory as JSON so the caller knows where the files are.
"""
import json
import os
import sys

import numpy as np
from sklearn.datasets import make_classification, make_friedman1
from sklearn.model_selection import train_test_split


def write(directory, name, x, y):
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0)
    os.makedirs(os.path.join(directory, name), exist_ok=True)
    for part, array in (("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)):
        np.save(os.path.join(directory, name, part + ".npy"), np.ascontiguousarray(array))


def main():
    directory = sys.argv[1]
    if not os.path.exists(os.path.join(directory, "regression", "y_test.npy")):
        x, y = make_classification(100000, 50, n_informative=20, random_state=0)
        write(directory, "classification", x.astype(np.float64), y.astype(np.int32))
        x, y = make_friedman1(100000, 50, noise=1.0, random_state=0)
        write(directory, "regression", x.astype(np.float64), y.astype(np.float64))
    print(json.dumps({"directory": directory}))


if __name__ == "__main__":
    main()
