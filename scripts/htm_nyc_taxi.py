#!/usr/bin/env python3
"""Turns one of htmresearch's NYC taxi prediction files into the `timestamp,value` CSV that `./streamcast evaluate`
reads: the 17,520 half-hourly passenger counts of July 2014 to June 2015 that the published NRMSE comparisons
(HTM, LSTM, ESN, kNN, ...; Cui, Ahmad & Hawkins 2016) were scored on. The bundled data/nab/nyc_taxi.csv is the first
10,320 of them (to January 2015), too short for their protocol, which scores from row 10,000 on.

    scripts/htm_nyc_taxi.py nyc_taxi_knn_pred.csv > nyc_taxi_htm.csv
    ./streamcast evaluate --data nyc_taxi_htm.csv --horizon 5 --season 336 --score-from 10000 --coverage 0.95

The file is projects/sequence_prediction/continuous_sequence/prediction/nyc_taxi_knn_pred.csv of the public
repository numenta/htmresearch (AGPL-3.0; not shipped with streamcast); its first column holds the timestamps (some
other prediction files there hold row numbers instead). Its three header lines (names, types, flags) are skipped;
the second column is the count.
"""
import csv
import sys


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.reader(f))[3:]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["timestamp", "value"])
    for row in rows:
        out.writerow([row[0], row[1]])
    print(f"htm_nyc_taxi: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
