#!/usr/bin/env python3
"""Generates a long-format CSV (series,timestamp,value) of synthetic hourly series for benchmarks and scale tests.

Each series: a level, a daily profile (two harmonics, amplitude and phase per series), a weekly bump on some
series, a slight trend, AR(1) noise and now and then a level shift; a share of the series (--random-walk) are
random walks instead, where nothing beats naive. Seeded: the same arguments give the same file.

  scripts/synthetic_series.py --series 1000 --points 1000 > synthetic_1000x1000.csv
  scripts/synthetic_series.py --series 1000000 --points 2 --random-walk 1 > keys_1m.csv   # many keys, few points
"""
import argparse
import math
import random
import sys
from datetime import datetime, timedelta, timezone


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--series", type=int, default=1000, help="number of series (default 1000)")
    p.add_argument("--points", type=int, default=1000, help="points per series (default 1000)")
    p.add_argument("--random-walk", type=float, default=0.1,
                   help="share of series that are random walks (default 0.1)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--start", default="2020-01-01T00:00:00Z", help="first timestamp (default 2020-01-01T00:00:00Z)")
    a = p.parse_args()
    if a.series < 1 or a.points < 1 or not 0 <= a.random_walk <= 1:
        p.error("--series and --points must be >= 1, --random-walk in [0, 1]")
    rng = random.Random(a.seed)
    start = datetime.fromisoformat(a.start.replace("Z", "+00:00")).astimezone(timezone.utc)
    stamps = [(start + timedelta(hours=t)).strftime("%Y-%m-%dT%H:%M:%SZ") for t in range(a.points)]
    out = sys.stdout
    out.write("series,timestamp,value\n")
    for s in range(a.series):
        sid = f"s{s:07d}"
        level = rng.uniform(20, 200)
        if rng.random() < a.random_walk:
            x = level
            for t in range(a.points):
                x += rng.gauss(0, level * 0.01)
                out.write(f"{sid},{stamps[t]},{x:.4f}\n")
            continue
        amp1, amp2 = level * rng.uniform(0.05, 0.4), level * rng.uniform(0, 0.15)
        ph1, ph2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
        weekly = level * rng.uniform(0, 0.2) if rng.random() < 0.5 else 0.0
        trend = level * rng.uniform(-0.0002, 0.0002)
        phi, sigma = rng.uniform(0.3, 0.9), level * rng.uniform(0.01, 0.08)
        noise, shift = 0.0, 0.0
        for t in range(a.points):
            hour = (t % 24) / 24 * 2 * math.pi
            noise = phi * noise + rng.gauss(0, sigma)
            if rng.random() < 0.002:
                shift += rng.gauss(0, level * 0.1)
            day = (t // 24) % 7
            v = (level + trend * t + shift + amp1 * math.sin(hour + ph1) + amp2 * math.sin(2 * hour + ph2)
                 + (weekly if day >= 5 else 0.0) + noise)
            out.write(f"{sid},{stamps[t]},{v:.4f}\n")


if __name__ == "__main__":
    main()
