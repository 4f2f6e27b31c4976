#!/usr/bin/env python3
"""Writes streamcast's Grafana dashboards (grafana/dashboards/*.json) from the definitions below.

The JSON files are what Grafana provisions and what grafana/check-dashboards.sh queries; this script is their
source. Edit the panels here, then:

    python3 grafana/generate_dashboards.py           # rewrite grafana/dashboards/*.json
    python3 grafana/generate_dashboards.py --check   # exit 1 if a committed JSON differs from this source

Conventions (see grafana/README.md):
  - every query names the datasource by uid "prometheus" (grafana/provisioning/datasources/prometheus.yml);
  - no job name is hard-coded: the compose stack scrapes job="streams-app" and job="model-trainer", the demo
    is one target under whatever job the scraper picks, so series are selected by metric name and an
    `instance` template variable (All = ".*"); Kafka client metrics are told apart by client_id (streams-app's
    stream-thread consumer is "...-StreamThread-N-consumer", the trainer's history consumer
    "streamcast-trainer-history-<model>-N");
  - streams-app's meters are per forecast group: the service and accuracy boards have a `group` variable (All =
    ".*") applied to every streamcast_* query but the application-wide meters;
  - counters that only exist once something happened (dead letters, swaps, rejected bundles, decisions by
    outcome) fall back to 0 with `or on() ...vector(0)` so a quiet system shows 0 rather than "No data".
"""
import json
import sys
from pathlib import Path

SCHEMA_VERSION = 41  # Grafana 12.0/12.1 write 41; newer Grafana migrates it on load (42 only touches overrides)
DS = {"type": "prometheus", "uid": "prometheus"}
OUT = Path(__file__).resolve().parent / "dashboards"

INST = 'instance=~"$instance"'
# streams-app's own meters are per forecast group (docs/metrics.md), all but the application-wide ones
SG = 'instance=~"$instance", group=~"$group"'
TRAINER_GROUP = SG  # the trainer's own meters are tagged by forecast group too
STREAM_CONSUMER = 'client_id=~".*StreamThread-[0-9]+-consumer"'
TRAINER_CONSUMER = 'client_id=~"streamcast-trainer-history-.*"'  # one history consumer per group (TrainerClients)
SERIES_STATE = 'rocksdb_state_id=~"(.+-)?series-state"'  # every group's store (GroupNodes: <group>-series-state)


def zero(label=None, value="none"):
    """A single 0 sample, for `or on() ...` fallbacks; with a label so the legend reads e.g. reason=none."""
    if label is None:
        return "vector(0)"
    return f'label_replace(vector(0), "{label}", "{value}", "", "")'


class Board:
    """Lays panels out left to right on Grafana's 24-column grid, starting a new line when a row is full."""

    def __init__(self, uid, title, description, variables, time_from="now-30m"):
        self.uid, self.title, self.description = uid, title, description
        self.variables, self.time_from = variables, time_from
        self.panels, self.x, self.y, self.line_h, self.next_id = [], 0, 0, 0, 1

    def _place(self, w, h):
        if self.x + w > 24:
            self.x, self.y, self.line_h = 0, self.y + self.line_h, 0
        pos = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.x += w
        self.line_h = max(self.line_h, h)
        return pos

    def _id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def row(self, title):
        self.x, self.y, self.line_h = 0, self.y + self.line_h, 0
        self.panels.append({"type": "row", "id": self._id(), "title": title, "collapsed": False, "panels": [],
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}})
        self.y += 1

    def panel(self, kind, title, description, targets, unit, w, h, options=None, defaults=None, custom=None,
              overrides=None):
        fd = {"unit": unit, "color": {"mode": "palette-classic"},
              "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}]}}
        defaults = dict(defaults or {})
        if custom is not None or "custom" in defaults:
            fd["custom"] = {**(custom or {}), **defaults.pop("custom", {})}
        fd.update(defaults)
        refs = "ABCDEFGHIJ"
        p = {
            "type": kind,
            "id": self._id(),
            "title": title,
            "description": description,
            "datasource": DS,
            "gridPos": self._place(w, h),
            "fieldConfig": {"defaults": fd, "overrides": overrides or []},
            "options": options or {},
            "targets": [
                {"refId": refs[i], "datasource": DS, "editorMode": "code", "expr": t[0], "legendFormat": t[1],
                 "range": True, "instant": False}
                for i, t in enumerate(targets)
            ],
        }
        self.panels.append(p)
        return p

    def timeseries(self, title, description, targets, unit, w=8, h=8, stack=False, defaults=None,
                   overrides=None, step=False):
        custom = {"drawStyle": "line", "lineInterpolation": "stepAfter" if step else "linear", "lineWidth": 1,
                  "fillOpacity": 10, "showPoints": "never", "spanNulls": False,
                  "stacking": {"mode": "normal" if stack else "none", "group": "A"}}
        options = {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                   "tooltip": {"mode": "multi", "sort": "desc"}}
        return self.panel("timeseries", title, description, targets, unit, w, h, options, defaults, custom,
                          overrides)

    def stat(self, title, description, targets, unit, w=4, h=4, text_mode="value", defaults=None,
             color_mode="none"):
        options = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                   "orientation": "auto", "textMode": text_mode, "colorMode": color_mode, "graphMode": "none",
                   "justifyMode": "auto", "wideLayout": True, "showPercentChange": False}
        return self.panel("stat", title, description, targets, unit, w, h, options, defaults)

    def bargauge(self, title, description, targets, unit, w=8, h=8, defaults=None):
        options = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                   "orientation": "horizontal", "displayMode": "basic", "showUnfilled": True,
                   "valueMode": "color", "namePlacement": "auto", "sizing": "auto", "minVizHeight": 16,
                   "minVizWidth": 8, "maxVizHeight": 300}
        return self.panel("bargauge", title, description, targets, unit, w, h, options, defaults)

    def json(self):
        return {
            "id": None,
            "uid": self.uid,
            "title": self.title,
            "description": self.description,
            "tags": ["streamcast"],
            "timezone": "browser",
            "editable": True,
            "graphTooltip": 1,
            "fiscalYearStartMonth": 0,
            "liveNow": False,
            "refresh": "10s",
            "schemaVersion": SCHEMA_VERSION,
            "version": 1,
            "weekStart": "",
            "time": {"from": self.time_from, "to": "now"},
            "timepicker": {},
            "annotations": {"list": [{
                "builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True,
                "hide": True, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts",
                "type": "dashboard"}]},
            "links": [{"type": "dashboards", "tags": ["streamcast"], "asDropdown": False, "includeVars": True,
                       "keepTime": True, "targetBlank": False, "title": "streamcast", "icon": "external link",
                       "tooltip": "", "url": ""}],
            "templating": {"list": self.variables},
            "panels": self.panels,
        }


def instance_var(metric):
    q = f"label_values({metric}, instance)"
    return {
        "type": "query", "name": "instance", "label": "instance", "datasource": DS,
        "description": "Scrape targets exposing this dashboard's metrics (All = any target, e.g. the demo's one)",
        "query": {"qryType": 1, "query": q, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
        "definition": q, "refresh": 2, "regex": "", "sort": 1, "hide": 0,
        "includeAll": True, "multi": True, "allValue": ".*",
        "current": {"text": ["All"], "value": ["$__all"]}, "options": [],
    }


def group_var(metric):
    q = f"label_values({metric}, group)"
    return {
        "type": "query", "name": "group", "label": "group", "datasource": DS,
        "description": "Forecast groups (docs/configuration.md; 'default' without a deployment file). All = every "
                       "group summed",
        "query": {"qryType": 1, "query": q, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
        "definition": q, "refresh": 2, "regex": "", "sort": 1, "hide": 0,
        "includeAll": True, "multi": True, "allValue": ".*",
        "current": {"text": ["All"], "value": ["$__all"]}, "options": [],
    }


def window_var():
    values = ["1m", "5m", "15m", "1h"]
    return {
        "type": "custom", "name": "window", "label": "rolling window",
        "description": "Window of the rolling accuracy ratios (rate of error sums / rate of scored points)",
        "query": ",".join(values), "hide": 0, "includeAll": False, "multi": False,
        "current": {"text": "5m", "value": "5m"},
        "options": [{"text": v, "value": v, "selected": v == "5m"} for v in values],
    }


RATE = "$__rate_interval"


def by_name(name, props):
    return {"matcher": {"id": "byName", "options": name}, "properties": props}


def by_regex(pattern, props):
    return {"matcher": {"id": "byRegexp", "options": pattern}, "properties": props}


def service():
    b = Board("streamcast-service", "streamcast — service",
              "streams-app: throughput, lag, step latency, dead letters, model swaps, Kafka Streams and JVM health",
              [instance_var("streamcast_observations_in_total"), group_var("streamcast_observations_in_total")])

    b.row("Throughput")
    b.timeseries(
        "Observations in / forecasts out",
        "Input records read (streamcast_observations_in_total) and forecasts emitted "
        "(streamcast_forecasts_out_total), per second, and forecasts an emit policy (--emit-every) suppressed "
        "(streamcast_forecasts_suppressed_total). Every observation ends as a forecast, a suppressed forecast, a "
        "dead letter or a counted duplicate, so in and out coincide unless records are being suppressed, "
        "dead-lettered or ignored.",
        [(f"sum by (instance) (rate(streamcast_observations_in_total{{{SG}}}[{RATE}]))", "in {{instance}}"),
         (f"sum by (instance) (rate(streamcast_forecasts_out_total{{{SG}}}[{RATE}]))", "out {{instance}}"),
         (f"sum by (instance) (rate(streamcast_forecasts_suppressed_total{{{SG}}}[{RATE}]))",
          "suppressed {{instance}}")],
        "suffix: rec/s", w=10)
    b.timeseries(
        "Kafka Streams process rate",
        "kafka_stream_thread_process_rate: records processed per second by each stream thread (Kafka Streams' "
        "own measurement, averaged over its sample window).",
        [(f"sum by (instance, thread_id) (kafka_stream_thread_process_rate{{{INST}}})", "{{thread_id}}")],
        "suffix: rec/s", w=8)
    b.stat("Observations in", "Input records read since the instance started (sum over the selected instances).",
           [(f"sum(streamcast_observations_in_total{{{SG}}})", "")], "short", w=3)
    b.stat("Forecasts out", "Forecasts emitted since the instance started.",
           [(f"sum(streamcast_forecasts_out_total{{{SG}}})", "")], "short", w=3)
    b.stat("Dead letters", "Records sent to the dead-letter topic since start (0 until the first one).",
           [(f"sum(streamcast_dlq_total{{{SG}}}) or on() {zero()}", "")], "short", w=3,
           defaults={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None},
                                                                  {"color": "orange", "value": 1}]}},
           color_mode="value")
    b.stat("Duplicates", "Observations ignored as duplicates since start (a repeated timestamp for a key).",
           [(f"sum(streamcast_duplicates_total{{{SG}}})", "")], "short", w=3)

    b.row("Lag and commits")
    b.timeseries(
        "Input records lag",
        "How far the stream threads' consumers are behind the end of each input topic (every group's), in records: "
        "kafka_consumer_fetch_manager_records_lag_max (the largest lag of any partition over the client's "
        "metric sample windows, so it stays up for a while after a burst; partitions without a fetch in the "
        "window report NaN, which max skips) and kafka_consumer_fetch_manager_records_lag summed over the "
        "partitions (the lag at the last fetch).",
        [(f'max by (instance, topic) (kafka_consumer_fetch_manager_records_lag_max{{{INST}, {STREAM_CONSUMER}}})',
          "max {{topic}} {{instance}}"),
         (f'sum by (instance, topic) (kafka_consumer_fetch_manager_records_lag{{{INST}, {STREAM_CONSUMER}}})',
          "current {{topic}} {{instance}}")],
        "short", w=12, defaults={"min": 0})
    b.timeseries(
        "Commit latency",
        "kafka_stream_thread_commit_latency_avg / _max: time a stream thread spends committing (with "
        "exactly-once, the transaction commit), in ms. Output becomes visible to read_committed consumers "
        "only at commits, so this adds to end-to-end latency.",
        [(f"max by (instance, thread_id) (kafka_stream_thread_commit_latency_avg{{{INST}}})", "avg {{thread_id}}"),
         (f"max by (instance, thread_id) (kafka_stream_thread_commit_latency_max{{{INST}}})", "max {{thread_id}}")],
        "ms", w=12, defaults={"min": 0})

    b.row("Step latency")
    b.timeseries(
        "Step latency p50 / p99",
        "Time to process one parsed observation (state read, scoring, LSTM step, forecast encoding, state "
        "write): histogram_quantile over streamcast_model_step_seconds_bucket, in microseconds. A carried "
        "LSTM step is a few µs; priming a key's state from its window costs more.",
        [(f"histogram_quantile(0.5, sum by (le, instance) (rate(streamcast_model_step_seconds_bucket{{{SG}}}[{RATE}]))) * 1e6",
          "p50 {{instance}}"),
         (f"histogram_quantile(0.99, sum by (le, instance) (rate(streamcast_model_step_seconds_bucket{{{SG}}}[{RATE}]))) * 1e6",
          "p99 {{instance}}")],
        "µs", w=12, defaults={"min": 0})
    b.timeseries(
        "Step latency mean",
        "Mean time per processed observation: rate of streamcast_model_step_seconds_sum / rate of _count, in "
        "microseconds.",
        [(f"sum by (instance) (rate(streamcast_model_step_seconds_sum{{{SG}}}[{RATE}])) / "
          f"sum by (instance) (rate(streamcast_model_step_seconds_count{{{SG}}}[{RATE}])) * 1e6", "mean {{instance}}")],
        "µs", w=12, defaults={"min": 0})

    b.row("Dead letters, duplicates, state")
    b.timeseries(
        "Dead letters by reason",
        "streamcast_dlq_total by reason code (docs/topics.md), cumulative since the instance started: a step is "
        "a dead letter, a new line the first of its reason. (Counts rather than rates: a reason's counter is "
        "created by its first dead letter, which rate() would never show.) reason=none at 0 until the first.",
        [(f"sum by (reason) (streamcast_dlq_total{{{SG}}}) or on() {zero('reason')}", "{{reason}}")],
        "short", w=8, step=True, defaults={"min": 0})
    b.timeseries(
        "Duplicates",
        "streamcast_duplicates_total: observations ignored because the key already has that timestamp "
        "(e.g. a replay of the same rows), per second.",
        [(f"sum by (instance) (rate(streamcast_duplicates_total{{{SG}}}[{RATE}]))", "{{instance}}")],
        "suffix: rec/s", w=8, defaults={"min": 0})
    b.timeseries(
        "Gaps, resets, primed and expired keys",
        "Per second: missing steps forward-filled (streamcast_gaps_filled_steps_total), key sequences reset "
        "after a long gap (_gaps_resets_total), carried LSTM states rebuilt from the window "
        "(_keys_primed_total: new key for a model, or a new model) and keys deleted after the idle TTL "
        "(_keys_expired_total).",
        [(f"sum(rate(streamcast_gaps_filled_steps_total{{{SG}}}[{RATE}]))", "gap steps filled"),
         (f"sum(rate(streamcast_gaps_resets_total{{{SG}}}[{RATE}]))", "sequence resets"),
         (f"sum(rate(streamcast_keys_primed_total{{{SG}}}[{RATE}]))", "keys primed"),
         (f"sum(rate(streamcast_keys_expired_total{{{SG}}}[{RATE}]))", "keys expired")],
        "ops", w=8, defaults={"min": 0})

    b.row("Model")
    b.stat("Served model version",
           "The model version each instance serves: streamcast_model_serving == 1 (baseline = the per-key "
           "baseline before any model was published).",
           [(f"max by (instance, version) (streamcast_model_serving{{{SG}}}) == 1", "{{version}} ({{instance}})")],
           "none", w=8, h=5, text_mode="name")
    b.timeseries(
        "Model serving over time",
        "streamcast_model_serving by version: 1 while the instance serves that version, 0 for versions it "
        "served before. A step from one line to another is a hot swap.",
        [(f"max by (version) (streamcast_model_serving{{{SG}}})", "{{version}}")],
        "none", w=8, h=5, step=True, defaults={"min": 0, "max": 1})
    b.stat("Rejected bundles",
           "Model bundles refused since start (bad signature, incompatible settings, ...; "
           "docs/model-bundle.md). 0 until the first refusal.",
           [(f"sum(streamcast_model_rejected_total{{{SG}}}) or on() {zero()}", "")], "short", w=4, h=5,
           defaults={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None},
                                                                  {"color": "red", "value": 1}]}},
           color_mode="value")
    b.stat("Model swaps", "Stream tasks that took their copy of a new model since start (one per task per swap).",
           [(f"sum(streamcast_model_swap_seconds_count{{{SG}}}) or on() {zero()}", "")], "short", w=4, h=5)
    b.timeseries(
        "Swaps by version",
        "streamcast_model_swap_seconds_count by version: stream tasks that swapped to each version (cumulative "
        "since the instance started). version=none at 0 until the first swap.",
        [(f"sum by (version) (streamcast_model_swap_seconds_count{{{SG}}}) or on() {zero('version')}", "{{version}}")],
        "short", w=8, step=True, defaults={"min": 0})
    b.timeseries(
        "Swap duration (mean per version)",
        "Mean time a stream task took to swap in each version: streamcast_model_swap_seconds_sum / _count. "
        "version=none at 0 until the first swap.",
        [(f"sum by (version) (streamcast_model_swap_seconds_sum{{{SG}}}) / "
          f"sum by (version) (streamcast_model_swap_seconds_count{{{SG}}}) or on() {zero('version')}", "{{version}}")],
        "s", w=8, defaults={"min": 0})
    b.timeseries(
        "Rejected bundles by reason",
        "streamcast_model_rejected_total by reason (cumulative). reason=none at 0 until the first refusal.",
        [(f"sum by (reason) (streamcast_model_rejected_total{{{SG}}}) or on() {zero('reason')}", "{{reason}}")],
        "short", w=8, step=True, defaults={"min": 0})

    b.row("Kafka Streams and JVM")
    b.timeseries(
        "Rebalances",
        "kafka_consumer_coordinator_rebalance_total of the stream threads' consumers (cumulative): each step "
        "is a consumer-group rebalance (an instance joining or leaving, a restart, a lost member).",
        [(f"sum by (instance) (kafka_consumer_coordinator_rebalance_total{{{INST}, {STREAM_CONSUMER}}})", "{{instance}}")],
        "short", w=8, step=True, defaults={"min": 0})
    b.timeseries(
        "Active keys",
        "streamcast_keys_active: keys in each instance's state stores (RocksDB's estimate at start, then "
        "counted; exact after each expiry scan).",
        [(f"sum by (instance) (streamcast_keys_active{{{SG}}})", "{{instance}}")],
        "short", w=8, defaults={"min": 0})
    b.timeseries(
        "State store size",
        "The per-key state store (series-state) from RocksDB's own properties, summed over an instance's tasks: "
        "live SST files plus memtables (kafka_stream_state_live_sst_files_size + _size_all_mem_tables), and "
        "RocksDB's key estimate (kafka_stream_state_estimate_num_keys, right axis). Kafka Streams registers "
        "these about a minute after the store opens. The changelog topic's size is on the broker.",
        [(f'sum by (instance) (kafka_stream_state_live_sst_files_size{{{INST}, {SERIES_STATE}}}) + '
          f'sum by (instance) (kafka_stream_state_size_all_mem_tables{{{INST}, {SERIES_STATE}}})', "bytes {{instance}}"),
         (f'sum by (instance) (kafka_stream_state_estimate_num_keys{{{INST}, {SERIES_STATE}}})', "keys (estimate) {{instance}}")],
        "bytes", w=8, defaults={"min": 0},
        overrides=[by_regex("keys .*", [{"id": "unit", "value": "short"},
                                        {"id": "custom.axisPlacement", "value": "right"}])])
    b.timeseries(
        "Alive stream threads and client state",
        "kafka_stream_alive_stream_threads per instance, and kafka_stream_client_state (0 CREATED, "
        "1 REBALANCING, 2 RUNNING, 3 PENDING_SHUTDOWN, 4 NOT_RUNNING, 5 PENDING_ERROR, 6 ERROR).",
        [(f"sum by (instance) (kafka_stream_alive_stream_threads{{{INST}}})", "alive threads {{instance}}"),
         (f"max by (instance) (kafka_stream_client_state{{{INST}}})", "client state {{instance}}")],
        "short", w=8, step=True, defaults={"min": 0})
    b.timeseries(
        "JVM heap",
        "jvm_memory_used_bytes{area=\"heap\"} summed over the pools, and the heap's maximum "
        "(jvm_memory_max_bytes of the pools that report one). Off-heap memory (RocksDB, ND4J) is not included.",
        [(f'sum by (instance) (jvm_memory_used_bytes{{{INST}, area="heap"}})', "used {{instance}}"),
         (f'sum by (instance) (jvm_memory_max_bytes{{{INST}, area="heap"}} > 0)', "max {{instance}}")],
        "bytes", w=8, defaults={"min": 0})
    b.timeseries(
        "GC pause time",
        "Share of wall time spent in GC pauses: rate of jvm_gc_pause_seconds_sum.",
        [(f"sum by (instance) (rate(jvm_gc_pause_seconds_sum{{{INST}}}[{RATE}]))", "{{instance}}")],
        "percentunit", w=8, defaults={"min": 0})
    return b


def accuracy():
    b = Board("streamcast-accuracy", "streamcast — accuracy",
              "Live accuracy of the served forecasts: rolling MASE by model version vs seasonal naive on the same "
              "points, interval coverage vs nominal, MASE by horizon step, MAE",
              [instance_var("streamcast_accuracy_scored_total"), group_var("streamcast_accuracy_scored_total"),
               window_var()])
    W = "$window"

    def ratio(num, den, by="version"):
        return (f"sum by ({by}) (rate({num}{{{SG}}}[{W}])) / "
                f"sum by ({by}) (rate({den}{{{SG}}}[{W}]))")

    # a dashed red line at MASE = 1 (as good as the naive forecast the errors are scaled by)
    one = {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None},
                                                        {"color": "red", "value": 1}]},
           "custom": {"thresholdsStyle": {"mode": "dashed"}}}

    b.row("MASE")
    b.timeseries(
        "Rolling MASE by model version vs seasonal naive",
        "Mean absolute scaled error of the served forecasts over the rolling window, per model version: "
        "rate(streamcast_accuracy_scaled_error_total) / rate(streamcast_accuracy_scored_total). The dashed "
        "lines are seasonal naive's MASE on the same points (..._scaled_baseline_error_total). Below 1 = "
        "better than the in-sample naive forecast the errors are scaled by.",
        [(ratio("streamcast_accuracy_scaled_error_total", "streamcast_accuracy_scored_total"), "model {{version}}"),
         (ratio("streamcast_accuracy_scaled_baseline_error_total", "streamcast_accuracy_scored_total"),
          "seasonal naive on {{version}}'s points")],
        "none", w=16, h=9,
        defaults={"min": 0, "decimals": 3, **one},
        overrides=[{"matcher": {"id": "byRegexp", "options": "seasonal naive.*"},
                    "properties": [{"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}}]}])
    b.stat("MASE since start, by version",
           "Cumulative MASE per version since the instance started: scaled error sum / scored points.",
           [(f"sum by (version) (streamcast_accuracy_scaled_error_total{{{SG}}}) / "
             f"sum by (version) (streamcast_accuracy_scored_total{{{SG}}})", "{{version}}")],
           "none", w=8, h=9, text_mode="value_and_name", defaults={"decimals": 3})
    b.timeseries(
        "Model MASE relative to seasonal naive",
        "Ratio of the model's rolling MASE to seasonal naive's on the same points (all versions together): "
        "below 1 the served forecasts beat seasonal naive.",
        [(f"sum(rate(streamcast_accuracy_scaled_error_total{{{SG}}}[{W}])) / "
          f"sum(rate(streamcast_accuracy_scaled_baseline_error_total{{{SG}}}[{W}]))", "model / seasonal naive")],
        "none", w=12, h=8, defaults={"min": 0, "decimals": 3, **one})
    b.timeseries(
        "Rolling MASE, all versions",
        "MASE of everything served in the window (all versions), and seasonal naive's on the same points.",
        [(f"sum(rate(streamcast_accuracy_scaled_error_total{{{SG}}}[{W}])) / "
          f"sum(rate(streamcast_accuracy_scored_total{{{SG}}}[{W}]))", "served"),
         (f"sum(rate(streamcast_accuracy_scaled_baseline_error_total{{{SG}}}[{W}])) / "
          f"sum(rate(streamcast_accuracy_scored_total{{{SG}}}[{W}]))", "seasonal naive")],
        "none", w=12, h=8, defaults={"min": 0, "decimals": 3})

    b.row("Intervals")
    b.timeseries(
        "Interval coverage vs nominal",
        "Share of scored points inside their prediction interval over the window, per version: "
        "rate(streamcast_accuracy_covered_total) / rate(streamcast_accuracy_scored_total), against the "
        "coverage the intervals aim for (streamcast_accuracy_nominal_coverage, --coverage).",
        [(ratio("streamcast_accuracy_covered_total", "streamcast_accuracy_scored_total"), "coverage {{version}}"),
         (f"max(streamcast_accuracy_nominal_coverage{{{SG}}})", "nominal")],
        "percentunit", w=16, h=8, defaults={"min": 0, "max": 1},
        overrides=[by_name("nominal", [{"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}},
                                       {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}])])
    b.stat("Coverage since start",
           "Cumulative interval coverage per version, and the nominal coverage.",
           [(f"sum by (version) (streamcast_accuracy_covered_total{{{SG}}}) / "
             f"sum by (version) (streamcast_accuracy_scored_total{{{SG}}})", "{{version}}"),
            (f"max(streamcast_accuracy_nominal_coverage{{{SG}}})", "nominal")],
           "percentunit", w=8, h=8, text_mode="value_and_name", defaults={"decimals": 1})

    b.row("By horizon step")
    b.timeseries(
        "Rolling MASE by horizon step",
        "MASE per tracked horizon step (1, 2, 4, ..., H) over the window: "
        "rate(streamcast_accuracy_step_scaled_error_total) / rate(streamcast_accuracy_step_scored_total) by step "
        "(all versions).",
        [(ratio("streamcast_accuracy_step_scaled_error_total", "streamcast_accuracy_step_scored_total", "step"),
          "h={{step}}")],
        "none", w=12, h=8, defaults={"min": 0, "decimals": 3})
    b.bargauge(
        "MASE by horizon step since start: model vs seasonal naive",
        "Cumulative MASE per horizon step, for the served forecasts and for seasonal naive on the same points "
        "(streamcast_accuracy_step_scaled_error_total, ..._step_scaled_baseline_error_total, "
        "..._step_scored_total).",
        [(f"sum by (step) (streamcast_accuracy_step_scaled_error_total{{{SG}}}) / "
          f"sum by (step) (streamcast_accuracy_step_scored_total{{{SG}}})", "model h={{step}}"),
         (f"sum by (step) (streamcast_accuracy_step_scaled_baseline_error_total{{{SG}}}) / "
          f"sum by (step) (streamcast_accuracy_step_scored_total{{{SG}}})", "seasonal naive h={{step}}")],
        "none", w=12, h=8, defaults={"min": 0, "decimals": 3,
                                     "thresholds": {"mode": "absolute",
                                                    "steps": [{"color": "green", "value": None},
                                                              {"color": "orange", "value": 1}]}})

    b.row("Absolute error and volume")
    b.timeseries(
        "Rolling MAE by version",
        "Mean absolute error over the window, in the series' own units (mixed across series): "
        "rate(streamcast_accuracy_abs_error_total) / rate(streamcast_accuracy_scored_total).",
        [(ratio("streamcast_accuracy_abs_error_total", "streamcast_accuracy_scored_total"), "MAE {{version}}")],
        "short", w=12, h=8, defaults={"min": 0})
    b.timeseries(
        "Scored points",
        "Forecast points scored against actuals per second, per version (tracked steps, once a key's scale "
        "rests on at least 20 differences). The MASE lines are only as meaningful as this volume.",
        [(f"sum by (version) (rate(streamcast_accuracy_scored_total{{{SG}}}[{W}]))", "{{version}}")],
        "ops", w=12, h=8, defaults={"min": 0})
    return b


def trainer():
    b = Board("streamcast-trainer", "streamcast — trainer",
              "model-trainer: history, training rounds, epochs, promotion decisions, backtest MASE by forecaster",
              [instance_var("streamcast_trainer_history_points"),
               group_var("streamcast_trainer_history_points")])

    b.row("Status")
    b.stat("Training", "streamcast_trainer_training_active: 1 while a training round runs.",
           [(f"max(streamcast_trainer_training_active{{{TRAINER_GROUP}}})", "")], "none", w=4,
           defaults={"mappings": [{"type": "value", "options": {
               "0": {"text": "idle", "color": "text", "index": 0},
               "1": {"text": "training", "color": "blue", "index": 1}}}]}, color_mode="value")
    b.stat("History points", "streamcast_trainer_history_points: observations in the bounded per-series history.",
           [(f"sum(streamcast_trainer_history_points{{{TRAINER_GROUP}}})", "")], "short", w=4)
    b.stat("History series", "streamcast_trainer_history_series: series in the history.",
           [(f"sum(streamcast_trainer_history_series{{{TRAINER_GROUP}}})", "")], "short", w=4)
    b.stat("Rounds", "Training rounds completed: streamcast_trainer_training_seconds_count.",
           [(f"sum(streamcast_trainer_training_seconds_count{{{TRAINER_GROUP}}})", "")], "short", w=3)
    b.stat("Promoted", "Decisions to promote the candidate (0 until the first).",
           [(f'sum(streamcast_trainer_decisions_total{{{TRAINER_GROUP}, outcome="promote"}}) or on() {zero()}', "")],
           "short", w=3)
    b.stat("Refused", "Decisions to keep the champion (0 until the first).",
           [(f'sum(streamcast_trainer_decisions_total{{{TRAINER_GROUP}, outcome="refuse"}}) or on() {zero()}', "")],
           "short", w=3)
    b.stat("Rejected history records",
           "streamcast_trainer_records_rejected: history records that did not parse (streams-app dead-letters them).",
           [(f"sum(streamcast_trainer_records_rejected{{{TRAINER_GROUP}}})", "")], "short", w=3)
    b.stat("Leading trainers",
           "sum(streamcast_trainer_leader): groups' models with a leading trainer (it trains and publishes); the "
           "others stand by. 1 per group (model name) is right; fewer means a group nobody publishes.",
           [(f"sum(streamcast_trainer_leader{{{TRAINER_GROUP}}})", "")], "short", w=4, color_mode="value",
           defaults={"thresholds": {"mode": "absolute", "steps": [{"color": "red", "value": None},
                                                                  {"color": "green", "value": 1}]}})
    b.stat("Trainers standing by",
           "Trainers standing by for a group's model, per group: count(streamcast_trainer_leader == 0).",
           [(f"count(streamcast_trainer_leader{{{TRAINER_GROUP}}} == 0) or on() {zero()}", "")], "short", w=4)
    b.stat("Retired", "Decisions that retired a champion behind the baseline (the baseline serves; 0 until "
           "the first).",
           [(f'sum(streamcast_trainer_decisions_total{{{TRAINER_GROUP}, outcome="retire"}}) or on() {zero()}', "")],
           "short", w=4)
    b.stat("Series left out",
           "streamcast_trainer_history_series_left_out: distinct series seen beyond the history's series cap, "
           "estimated (the history keeps a uniform sample).",
           [(f"sum(streamcast_trainer_history_series_left_out{{{TRAINER_GROUP}}})", "")], "short", w=4)
    b.stat("Records left out",
           "streamcast_trainer_history_records_left_out: records of series outside the history's sample.",
           [(f"sum(streamcast_trainer_history_records_left_out{{{TRAINER_GROUP}}})", "")], "short", w=4)
    b.stat("Series cap", "streamcast_trainer_history_series_cap: the most series the history keeps.",
           [(f"max(streamcast_trainer_history_series_cap{{{TRAINER_GROUP}}})", "")], "short", w=4)

    b.row("History")
    b.timeseries(
        "History",
        "streamcast_trainer_history_points (left) and streamcast_trainer_history_series: what the next round "
        "trains on.",
        [(f"sum by (instance) (streamcast_trainer_history_points{{{TRAINER_GROUP}}})", "points {{instance}}"),
         (f"sum by (instance) (streamcast_trainer_history_series{{{TRAINER_GROUP}}})", "series {{instance}}")],
        "short", w=12, defaults={"min": 0},
        overrides=[{"matcher": {"id": "byRegexp", "options": "series.*"},
                    "properties": [{"id": "custom.axisPlacement", "value": "right"}]}])
    b.timeseries(
        "Trainer input lag",
        "How far the trainer's history is behind each input topic (a history consumer per group), in records: its "
        "consumers' "
        "kafka_consumer_fetch_manager_records_lag_max (largest lag over the client's sample windows) and "
        "kafka_consumer_fetch_manager_records_lag summed over the partitions (lag at the last fetch).",
        [(f'max by (instance, topic) (kafka_consumer_fetch_manager_records_lag_max{{{INST}, {TRAINER_CONSUMER}}})',
          "max {{topic}} {{instance}}"),
         (f'sum by (instance, topic) (kafka_consumer_fetch_manager_records_lag{{{INST}, {TRAINER_CONSUMER}}})',
          "current {{topic}} {{instance}}")],
        "short", w=12, defaults={"min": 0})

    b.row("Training rounds")
    b.timeseries(
        "Training rounds and activity",
        "Rounds completed (streamcast_trainer_training_seconds_count, cumulative) and "
        "streamcast_trainer_training_active (1 while a round runs).",
        [(f"sum(streamcast_trainer_training_seconds_count{{{TRAINER_GROUP}}})", "rounds"),
         (f"max(streamcast_trainer_training_active{{{TRAINER_GROUP}}})", "training active")],
        "short", w=8, step=True, defaults={"min": 0})
    b.timeseries(
        "Round duration",
        "Mean round duration since start (streamcast_trainer_training_seconds_sum / _count) and the longest "
        "recent round (_max, Micrometer's decaying maximum). A round trains, backtests and decides.",
        [(f"sum(streamcast_trainer_training_seconds_sum{{{TRAINER_GROUP}}}) / "
          f"sum(streamcast_trainer_training_seconds_count{{{TRAINER_GROUP}}})", "mean"),
         (f"max(streamcast_trainer_training_seconds_max{{{TRAINER_GROUP}}})", "max (recent)")],
        "s", w=8, defaults={"min": 0})
    b.timeseries(
        "Epochs per round",
        "streamcast_trainer_epochs: mean epochs per round since start (_sum / _count) and the recent maximum "
        "(_max); a round stops early or at its time budget.",
        [(f"sum(streamcast_trainer_epochs_sum{{{TRAINER_GROUP}}}) / sum(streamcast_trainer_epochs_count{{{TRAINER_GROUP}}})", "mean"),
         (f"max(streamcast_trainer_epochs_max{{{TRAINER_GROUP}}})", "max (recent)")],
        "short", w=8, defaults={"min": 0})
    b.timeseries(
        "Decisions by outcome",
        "streamcast_trainer_decisions_total by outcome (promote, refuse), cumulative. Each decision is also a "
        "JSON record on the model-decisions topic.",
        [(f"sum by (outcome) (streamcast_trainer_decisions_total{{{TRAINER_GROUP}}})", "{{outcome}}")],
        "short", w=8, step=True, defaults={"min": 0})
    b.timeseries(
        "Round duration distribution",
        "Share of rounds finished within each bucket bound (10, 30, 60, 120, 300 s), cumulative since start: "
        "streamcast_trainer_training_seconds_bucket / _count.",
        [(f"sum by (le) (streamcast_trainer_training_seconds_bucket{{{TRAINER_GROUP}}}) / ignoring(le) group_left "
          f"sum(streamcast_trainer_training_seconds_count{{{TRAINER_GROUP}}})", "≤ {{le}} s")],
        "percentunit", w=8, defaults={"min": 0, "max": 1})

    b.row("Backtest")
    b.bargauge(
        "Backtest MASE by forecaster (last round)",
        "streamcast_trainer_backtest_mase on the last round's backtest origins: candidate, champion, baseline, "
        "seasonal_naive, naive. NaN (empty bar) where the round had no such forecaster, e.g. no champion yet.",
        [(f"max by (forecaster) (streamcast_trainer_backtest_mase{{{TRAINER_GROUP}}})", "{{forecaster}}")],
        "none", w=8, h=9, defaults={"min": 0, "decimals": 3,
                                    "thresholds": {"mode": "absolute",
                                                   "steps": [{"color": "green", "value": None},
                                                             {"color": "orange", "value": 1}]}})
    b.timeseries(
        "Backtest MASE by forecaster over rounds",
        "streamcast_trainer_backtest_mase by forecaster: each round replaces the values.",
        [(f"max by (forecaster) (streamcast_trainer_backtest_mase{{{TRAINER_GROUP}}})", "{{forecaster}}")],
        "none", w=16, h=9, step=True, defaults={"min": 0, "decimals": 3})
    return b


def render(board):
    return json.dumps(board.json(), indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    boards = {"streamcast-service.json": service(), "streamcast-accuracy.json": accuracy(),
              "streamcast-trainer.json": trainer()}
    stale = []
    for name, board in boards.items():
        path, text = OUT / name, render(board)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({len(board.panels)} panels)")
    if stale:
        print("out of date (run python3 grafana/generate_dashboards.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
