#!/usr/bin/env python3
"""Turns an M4 competition train/test pair (wide CSV: one row per series, "V1","V2",... columns) into the long
CSV `series,timestamp,value` that `./streamcast evaluate` reads, each series' test points after its training
points, so that `evaluate --holdout H` scores exactly the competition's test set (docs/accuracy.md).

M4 gives participants no timestamps: each series gets synthetic ones, from 2017-01-02T00:00Z (a Monday) in steps
of --step-ms.

    scripts/m4_to_long.py Hourly-train.csv Hourly-test.csv --step-ms 3600000 > hourly.csv
    scripts/m4_to_long.py Weekly-train.csv Weekly-test.csv --step-ms 604800000 > weekly.csv

The files are in the public repository Mcompetitions/M4-methods, folder Dataset/ (not shipped with streamcast).
"""
import argparse
import csv
import sys

START_MS = 1483315200000  # 2017-01-02T00:00:00Z


def rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)  # "V1","V2",...
        for row in reader:
            yield row[0], [v for v in row[1:] if v != ""]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("train", help="e.g. Hourly-train.csv")
    p.add_argument("test", help="e.g. Hourly-test.csv")
    p.add_argument("--step-ms", type=int, required=True, help="milliseconds between two points (3600000 = hourly)")
    a = p.parse_args()
    test = dict(rows(a.test))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["series", "timestamp", "value"])
    n = 0
    for sid, train in rows(a.train):
        if sid not in test:
            sys.exit(f"m4_to_long: series {sid} has no test row in {a.test}")
        for i, v in enumerate(train + test[sid]):
            out.writerow([sid, START_MS + i * a.step_ms, v])
        n += 1
    print(f"m4_to_long: {n} series", file=sys.stderr)


if __name__ == "__main__":
    main()
