#!/usr/bin/env python3
"""Validates streamcast's Grafana dashboards and runs every PromQL expression in them against Prometheus.

    python3 grafana/dashboard_queries.py validate grafana/dashboards/*.json
    python3 grafana/dashboard_queries.py list     grafana/dashboards/*.json
    python3 grafana/dashboard_queries.py query --prometheus http://127.0.0.1:19090 [--deadline 120] FILES...

`validate` loads each file and checks what Grafana and grafana/check-dashboards.sh rely on: uid/title/
schemaVersion, unique panel ids, grid positions inside the 24 columns and not overlapping, a description and a
unit on every panel, every query on the datasource uid "prometheus", no template variable used that the
dashboard does not define.

`query` takes every target `expr` of every panel (rows included), substitutes the template variables as a
viewer with the defaults would see them (query variables with All -> ".*", custom variables -> their default,
$__rate_interval -> 1m, $__interval -> 15s, $__range -> 5m), runs each as an instant query on
/api/v1/query and prints the number of series it returned. A query variable's `label_values(metric, label)` is
checked through /api/v1/label/<label>/values. Queries that return nothing are retried until --deadline
seconds have passed (some Kafka client metrics appear only after their first sample window); the exit code is
1 if any query still returns no data or fails.
"""
import argparse
import json
import math
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DS_UID = "prometheus"
MIN_SCHEMA_VERSION = 39
BUILTINS = {"__rate_interval": "1m", "__interval": "15s", "__interval_ms": "15000", "__range": "5m",
            "__range_s": "300", "__range_ms": "300000"}
VAR_RE = re.compile(r"\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)")
UID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
LABEL_VALUES_RE = re.compile(r"^\s*label_values\(\s*(.+?)\s*,\s*(\w+)\s*\)\s*$")
STREAMCAST_NAME_RE = re.compile(r"\bstreamcast_\w+")
SERIES_SUFFIXES = ("_bucket", "_count", "_sum", "_max")
FALLBACK = " or on() "


def documented_names(doc):
    """streamcast_* metric names written in backticks in docs/metrics.md."""
    text = Path(doc).read_text(encoding="utf-8")
    return set(re.findall(r"`(streamcast_\w+)`", text))


def undocumented(expr, documented):
    """streamcast_* names in expr that docs/metrics.md does not list (a histogram's _bucket/_count/_sum/_max
    count as its base name)."""
    out = []
    for name in STREAMCAST_NAME_RE.findall(expr):
        base = next((name[: -len(s)] for s in SERIES_SUFFIXES if name.endswith(s)), name)
        if name not in documented and base not in documented:
            out.append(name)
    return out


def all_panels(dash):
    for p in dash.get("panels", []):
        yield p
        for q in p.get("panels", []) or []:  # panels of collapsed rows
            yield q


def variables(dash):
    return dash.get("templating", {}).get("list", [])


def var_query(v):
    q = v.get("query")
    return q.get("query", "") if isinstance(q, dict) else (q or "")


def substitutions(dash):
    subs = dict(BUILTINS)
    for v in variables(dash):
        if v.get("type") == "query":
            subs[v["name"]] = v.get("allValue") or ".*"
        else:  # custom, interval, constant, textbox: what a viewer gets by default
            cur = v.get("current", {}).get("value")
            if isinstance(cur, list):
                cur = cur[0] if cur else ""
            if cur in (None, "", "$__all"):
                cur = v.get("allValue") or ".*"
            subs[v["name"]] = cur
    return subs


def substitute(expr, subs):
    unknown = []

    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in subs:
            unknown.append(name)
            return m.group(0)
        return subs[name]

    return VAR_RE.sub(repl, expr), unknown


def load(files):
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            out.append((Path(f).name, json.load(fh)))
    return out


def validate(files, metrics_doc=None):
    errors = []
    documented = documented_names(metrics_doc) if metrics_doc else None
    uids, titles = {}, {}
    try:
        boards = load(files)
    except (OSError, json.JSONDecodeError) as e:
        return [f"cannot load: {e}"], 0
    n_queries = 0
    for name, d in boards:
        def err(msg):
            errors.append(f"{name}: {msg}")

        for key in ("uid", "title", "schemaVersion", "panels", "templating", "time"):
            if key not in d:
                err(f"missing top-level field '{key}'")
        uid = d.get("uid", "")
        if not isinstance(uid, str) or not UID_RE.match(uid):
            err(f"uid {uid!r} is not 1-40 letters, digits, '-' or '_'")
        if uid in uids:
            err(f"uid {uid!r} also used by {uids[uid]}")
        uids[uid] = name
        if d.get("title") in titles:
            err(f"title {d.get('title')!r} also used by {titles[d.get('title')]}")
        titles[d.get("title")] = name
        if not isinstance(d.get("schemaVersion"), int) or d["schemaVersion"] < MIN_SCHEMA_VERSION:
            err(f"schemaVersion {d.get('schemaVersion')!r} is not an integer >= {MIN_SCHEMA_VERSION}")
        if d.get("id") is not None:
            err("id must be null in a provisioned dashboard")

        subs = substitutions(d)
        for v in variables(d):
            if not v.get("name") or not v.get("type"):
                err(f"template variable without name or type: {v}")
            if v.get("type") == "query":
                if (v.get("datasource") or {}).get("uid") != DS_UID:
                    err(f"variable {v.get('name')}: datasource uid is not {DS_UID!r}")
                if not LABEL_VALUES_RE.match(var_query(v)):
                    err(f"variable {v.get('name')}: query is not label_values(metric, label): {var_query(v)!r}")
                elif documented is not None and undocumented(var_query(v), documented):
                    err(f"variable {v.get('name')}: metrics not in {metrics_doc}: {var_query(v)!r}")

        ids, rects = set(), []
        for p in all_panels(d):
            title = p.get("title") or f"panel id {p.get('id')}"
            pid = p.get("id")
            if not isinstance(pid, int):
                err(f"{title}: id {pid!r} is not an integer")
            elif pid in ids:
                err(f"{title}: duplicate panel id {pid}")
            ids.add(pid)
            if not p.get("type"):
                err(f"{title}: no type")
            if not p.get("title"):
                err(f"panel id {pid}: no title")
            g = p.get("gridPos", {})
            if not all(isinstance(g.get(k), int) for k in ("h", "w", "x", "y")):
                err(f"{title}: gridPos needs integer h, w, x, y: {g}")
                continue
            if g["x"] < 0 or g["w"] < 1 or g["x"] + g["w"] > 24 or g["h"] < 1:
                err(f"{title}: gridPos outside the 24 columns: {g}")
            for other_title, o in rects:
                if (g["x"] < o["x"] + o["w"] and o["x"] < g["x"] + g["w"]
                        and g["y"] < o["y"] + o["h"] and o["y"] < g["y"] + g["h"]):
                    err(f"{title}: overlaps {other_title}")
            rects.append((title, g))
            if p.get("type") == "row":
                continue
            if not p.get("description"):
                err(f"{title}: no description")
            if "unit" not in p.get("fieldConfig", {}).get("defaults", {}):
                err(f"{title}: no unit in fieldConfig.defaults")
            if (p.get("datasource") or {}).get("uid") != DS_UID:
                err(f"{title}: panel datasource uid is not {DS_UID!r}")
            targets = p.get("targets") or []
            if not targets:
                err(f"{title}: no targets")
            refs = set()
            for t in targets:
                n_queries += 1
                if t.get("refId") in refs or not t.get("refId"):
                    err(f"{title}: missing or duplicate refId {t.get('refId')!r}")
                refs.add(t.get("refId"))
                if (t.get("datasource") or {}).get("uid") != DS_UID:
                    err(f"{title} ({t.get('refId')}): target datasource uid is not {DS_UID!r}")
                if not (t.get("expr") or "").strip():
                    err(f"{title} ({t.get('refId')}): empty expr")
                    continue
                _, unknown = substitute(t["expr"], subs)
                if unknown:
                    err(f"{title} ({t.get('refId')}): undefined variables {sorted(set(unknown))}")
                if documented is not None:
                    missing = undocumented(t["expr"], documented)
                    if missing:
                        err(f"{title} ({t.get('refId')}): metrics not in {metrics_doc}: {sorted(set(missing))}")
    return errors, n_queries


def collect(files):
    """Every query of every dashboard: (dashboard title, where, expr as written, expr to run, kind)."""
    out = []
    for _, d in load(files):
        subs = substitutions(d)
        short = d.get("title", "?")
        for v in variables(d):
            if v.get("type") == "query":
                out.append((short, f"variable ${v['name']}", var_query(v), var_query(v), "label_values"))
        for p in all_panels(d):
            for t in p.get("targets", []) or []:
                if t.get("expr"):
                    expr, _ = substitute(t["expr"], subs)
                    out.append((short, f"{p.get('title')} ({t.get('refId')})", t["expr"], expr, "expr"))
    return out


def http_json(url, timeout=20):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:  # Prometheus answers bad queries with 400 and a JSON error
        try:
            return json.load(e)
        except Exception:
            return {"status": "error", "error": f"HTTP {e.code}"}
    except (urllib.error.URLError, OSError, ValueError) as e:
        return {"status": "error", "error": str(e)}


def run_one(prom, q, at, expr=None):
    """Returns (series count, NaN count, sample value or error text, ok?)."""
    _, _, _, default_expr, kind = q
    expr = expr or default_expr
    if kind == "label_values":
        metric, label = LABEL_VALUES_RE.match(expr).groups()
        params = urllib.parse.urlencode({"match[]": metric, "start": at - 3600, "end": at})
        r = http_json(f"{prom}/api/v1/label/{urllib.parse.quote(label)}/values?{params}")
        if r.get("status") != "success":
            return 0, 0, f"error: {r.get('error')}", False
        vals = r.get("data") or []
        return len(vals), 0, ", ".join(vals[:3]) + (" ..." if len(vals) > 3 else ""), True
    params = urllib.parse.urlencode({"query": expr, "time": f"{at:.3f}"})
    r = http_json(f"{prom}/api/v1/query?{params}")
    if r.get("status") != "success":
        return 0, 0, f"error: {r.get('errorType', '')} {r.get('error')}", False
    result = r["data"]["result"]
    if r["data"]["resultType"] == "scalar":
        result = [{"metric": {}, "value": result}]
    values = [float(s["value"][1]) for s in result]
    nans = sum(1 for v in values if math.isnan(v))
    finite = [v for v in values if not math.isnan(v)]
    sample = f"{finite[0]:.6g}" if finite else ("NaN" if values else "-")
    return len(result), nans, sample, True


def query(prom, files, deadline, interval):
    qs = collect(files)
    start = time.time()
    results = {}
    attempt = 0
    while True:
        attempt += 1
        at = time.time()
        for i, q in enumerate(qs):
            if i in results and (results[i][0] > 0 or not results[i][3]):
                continue  # had data already, or failed for good
            results[i] = run_one(prom, q, at)
        # Errors (bad PromQL, HTTP failures) are not retried; queries that merely returned nothing are.
        empty = [i for i, r in results.items() if r[0] == 0 and r[3]]
        if not empty or time.time() - start + interval > deadline:
            break
        print(f"  attempt {attempt}: {len(empty)} of {len(qs)} queries without data yet, retrying in {interval:g} s: "
              + "; ".join(f"{qs[i][0]} / {qs[i][1]}" for i in empty), file=sys.stderr, flush=True)
        time.sleep(interval)

    # Queries ending in `or on() <0 fallback>`: did the real part have data, or is the 0 the fallback?
    fell_back = set()
    at = time.time()
    for i, q in enumerate(qs):
        if q[4] == "expr" and FALLBACK in q[3] and results[i][0] > 0:
            if run_one(prom, q, at, q[3].rsplit(FALLBACK, 1)[0])[0] == 0:
                fell_back.add(i)

    board = None
    for i, q in enumerate(qs):
        title, where, raw, expr, kind = q
        n, nans, sample, ok = results[i]
        if title != board:
            board = title
            print(f"\n== {title}")
        status = ("OK* " if i in fell_back else "OK  ") if n > 0 else ("ERR " if not ok else "NONE")
        nan_note = f", {nans} NaN" if nans else ""
        print(f"{status} {n:3d} series{nan_note:<9} value {sample:<14} {where}")
        print(f"       {expr}")
    empty = [qs[i] for i, r in results.items() if r[0] == 0]
    all_nan = [qs[i] for i, r in results.items() if r[0] > 0 and r[1] == r[0] and qs[i][4] == "expr"]
    print(f"\n{len(qs)} queries ({sum(1 for q in qs if q[4] == 'expr')} panel expressions, "
          f"{sum(1 for q in qs if q[4] == 'label_values')} variable queries) in {len(set(q[0] for q in qs))} "
          f"dashboards: {len(qs) - len(empty)} with data, {len(empty)} without; {attempt} attempt(s)")
    if fell_back:
        print(f"note: OK* = {len(fell_back)} answered by their `or on() ... vector(0)` fallback (the metric does not "
              f"exist yet: nothing of that kind happened in this run):")
        for i in sorted(fell_back):
            print(f"  - {qs[i][0]} / {qs[i][1]}")
    if all_nan:
        print(f"note: {len(all_nan)} returned only NaN (data, but nothing to plot right now):")
        for q in all_nan:
            print(f"  - {q[0]} / {q[1]}")
    if empty:
        print("FAILED: no data for:")
        for q in empty:
            print(f"  - {q[0]} / {q[1]}: {q[3]}")
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["validate", "list", "query"])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--prometheus", help="Prometheus base URL, e.g. http://127.0.0.1:19090")
    ap.add_argument("--deadline", type=float, default=120, help="seconds to keep retrying queries without data")
    ap.add_argument("--interval", type=float, default=10, help="seconds between retries")
    ap.add_argument("--metrics-doc", help="validate: also require every streamcast_* metric to be in this file "
                                          "(docs/metrics.md)")
    a = ap.parse_args()
    if a.command == "validate":
        errors, n = validate(a.files, a.metrics_doc)
        for e in errors:
            print(f"invalid: {e}", file=sys.stderr)
        if not errors:
            print(f"{len(a.files)} dashboards valid, {n} panel queries")
        return 1 if errors else 0
    if a.command == "list":
        for title, where, raw, expr, kind in collect(a.files):
            print(f"{title}\t{where}\t{expr}")
        return 0
    if not a.prometheus:
        ap.error("query needs --prometheus")
    return query(a.prometheus.rstrip("/"), a.files, a.deadline, a.interval)


if __name__ == "__main__":
    sys.exit(main())
