#!/usr/bin/python3
"""Golden values for the impute and normalize steps, computed with scikit-learn.

Run from this folder with the system Python (Debian: python3-sklearn python3-pandas):
    /usr/bin/python3 make_generated_table.py && /usr/bin/python3 make_sklearn_golden.py
It writes sklearn_golden.json, which is checked in: CI has no Python. SklearnGoldenTests runs each
case's step through the engine and compares every value to 1e-9 relative.

Each case gives the pipeline step (YAML) and, per output column, the expected values (null for a
missing value; NaN is written as null too, since the test treats null and NaN alike as missing).

Where DataPrep departs from scikit-learn on purpose, the expected values say what DataPrep does and
the case says why ("note"): scikit-learn drops all-missing columns from imputer outputs (DataPrep
keeps them, still missing) and returns NaN for scalers fitted on no values (DataPrep leaves the
missing values missing, which is the same thing for a column that has no other values).
"""
import json
import math
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.impute import KNNImputer, SimpleImputer
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, QuantileTransformer, RobustScaler, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
PENGUINS = os.path.join(HERE, "..", "..", "..", "data", "penguins", "penguins.csv")
GENERATED = os.path.join(HERE, "generated.csv")


def values(column):
    out = []
    for v in column:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, (np.floating, float)):
            out.append(float(v))
        elif isinstance(v, (np.integer, int)):
            out.append(float(v))
        else:
            out.append(str(v))
    return out


def key(name):
    return json.dumps(name)  # a double-quoted YAML key (YAML flow accepts JSON strings)


def step(kind, columns, extra=""):
    body = ", ".join(f"{key(c)}: {m}" for c, m in columns.items())
    return f"- {kind}: {{ columns: {{ {body} }}{extra} }}"


def numeric_cases(df, numeric, all_missing, knn_exclude=()):
    """Every imputer and scaler on the numeric columns; all-missing columns are named but expected missing."""
    X = df[numeric].to_numpy(dtype=float)
    fit_cols = [c for c in numeric if c not in all_missing]
    Xf = df[fit_cols].to_numpy(dtype=float)
    cases = []

    def add(name, kind, method, result, extra="", cols=numeric, note=None):
        out = {}
        for c in cols:
            out[c] = [None] * len(df) if c in all_missing else values(result[:, fit_cols.index(c)])
        case = {"name": name, "step": step(kind, {c: method for c in cols}, extra), "expected": out}
        if note:
            case["note"] = note
        cases.append(case)

    keep_note = "scikit-learn drops all-missing columns; DataPrep keeps them, still missing" if all_missing else None
    for strategy, method in [("mean", "mean"), ("median", "median"), ("most_frequent", "mode")]:
        add(f"impute_{method}", "impute", method, SimpleImputer(strategy=strategy).fit_transform(Xf), note=keep_note)
    const = SimpleImputer(strategy="constant", fill_value=-2).fit_transform(X)  # a whole number: integer columns take it too
    cases.append({"name": "impute_constant", "step": step("impute", {c: "{ method: constant, value: '-2' }" for c in numeric}),
                  "expected": {c: values(const[:, numeric.index(c)]) for c in numeric}})
    # scikit-learn's nan_euclidean_distances expands |x - y|^2 as x.x - 2 x.y + y.y, which loses every
    # digit for values near 1e9 with a spread of 0.1 (all distances come out 0): such columns are
    # left out of the knn case. DataPrep sums squared differences, which keeps them.
    knn_cols = [c for c in fit_cols if c not in knn_exclude]
    knn = KNNImputer(n_neighbors=3).fit_transform(df[knn_cols].to_numpy(dtype=float))
    feats = ", ".join(key(c) for c in knn_cols)
    out = {c: values(knn[:, knn_cols.index(c)]) for c in knn_cols}
    cases.append({"name": "impute_knn", "step": step("impute", {c: "knn" for c in knn_cols}, f", knn: {{ features: [{feats}], neighbors: 3 }}"),
                  "expected": out, "skip_rows": {knn_cols[i]: r for i, r in knn_ties(df[knn_cols].to_numpy(dtype=float), 3).items()},
                  "note": "rows whose 3rd and 4th nearest donors are equally far are skipped: scikit-learn breaks such ties arbitrarily (argpartition), DataPrep takes the earlier row"})

    scale_note = "a scaler fitted on no values: scikit-learn gives NaN, DataPrep leaves the (all missing) values missing" if all_missing else None
    add("zscore", "normalize", "zscore", StandardScaler().fit_transform(Xf), note=scale_note)
    add("min_max", "normalize", "min_max", MinMaxScaler().fit_transform(Xf), note=scale_note)
    add("min_max_range", "normalize", "{ method: min_max, range: [-1, 1] }", MinMaxScaler(feature_range=(-1, 1)).fit_transform(Xf), note=scale_note)
    add("robust", "normalize", "robust", RobustScaler().fit_transform(Xf), note=scale_note)
    add("max_abs", "normalize", "max_abs", MaxAbsScaler().fit_transform(Xf), note=scale_note)
    add("quantile_uniform", "normalize", "{ method: quantile, quantiles: 100 }",
        QuantileTransformer(n_quantiles=100).fit_transform(Xf), note=scale_note)
    add("quantile_normal", "normalize", "{ method: quantile, output: normal }",
        QuantileTransformer(n_quantiles=1000, output_distribution="normal").fit_transform(Xf), note=scale_note)
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log1p(Xf)
    logs[Xf <= -1] = np.nan  # DataPrep: no finite log1p at or below -1, so null (numpy gives -inf or NaN)
    add("log1p", "normalize", "log1p", logs, note=scale_note)
    return cases


def knn_ties(X, k):
    """Per column, the receiver rows where the k-th and (k+1)-th nearest donors tie (distances summed directly)."""
    missing = np.isnan(X)
    ties = {}
    for col in range(X.shape[1]):
        rows = []
        for r in np.where(missing[:, col])[0]:
            d = []
            for j in np.where(~missing[:, col])[0]:
                both = ~missing[r] & ~missing[j]
                if both.any():
                    d.append(((X[r, both] - X[j, both]) ** 2).sum() * X.shape[1] / both.sum())
            d.sort()
            if len(d) > k and abs(d[k] - d[k - 1]) <= 1e-9 * max(d[k], 1e-300):
                rows.append(int(r))
        ties[col] = rows
    return ties


def text_cases(df, text):
    cases = []
    S = df[text].to_numpy(dtype=object)
    mode = SimpleImputer(strategy="most_frequent").fit_transform(S)
    cases.append({"name": "impute_mode_text", "step": step("impute", {c: "mode" for c in text}),
                  "expected": {c: values(mode[:, i]) for i, c in enumerate(text)}})
    const = SimpleImputer(strategy="constant", fill_value="unknown").fit_transform(S)
    cases.append({"name": "impute_constant_text", "step": step("impute", {c: "{ method: constant, value: unknown }" for c in text}),
                  "expected": {c: values(const[:, i]) for i, c in enumerate(text)}})
    return cases


def main():
    penguins = pd.read_csv(PENGUINS)
    p_numeric = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
    generated = pd.read_csv(GENERATED, dtype={"cat": object})
    g_numeric = ["x", "c", "z", "n", "big", "skew"]
    golden = {
        "generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, pandas {pd.__version__}",
        "tolerance": "relative 1e-9 (absolute 1e-12 near zero)",
        "tables": [
            {"file": "data/penguins/penguins.csv", "types": {},
             "cases": numeric_cases(penguins, p_numeric, []) + text_cases(penguins, ["Species", "Island", "Sex"])},
            {"file": "tests/DataPrep.Core.Tests/Golden/generated.csv", "types": {"x": "float64", "c": "float64", "z": "float64", "n": "int64", "big": "float64", "skew": "float64", "cat": "string"},
             "cases": numeric_cases(generated, g_numeric, ["z"], knn_exclude=["big"]) + text_cases(generated, ["cat"])},
        ],
    }
    with open(os.path.join(HERE, "sklearn_golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
