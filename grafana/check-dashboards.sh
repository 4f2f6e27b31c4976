#!/usr/bin/env bash
# Checks that every PromQL query of the Grafana dashboards returns data, against a real Prometheus scraping a
# running streamcast. See grafana/README.md.
#
#   grafana/check-dashboards.sh                      # starts `./streamcast demo` and a temporary Prometheus
#   grafana/check-dashboards.sh URL [URL ...]        # scrapes running services instead, e.g.
#                                                    #   http://127.0.0.1:8080/metrics http://127.0.0.1:8081/metrics
#
# Steps: validate the dashboard JSON (and that it matches grafana/generate_dashboards.py; every streamcast_* metric
# it uses is in docs/metrics.md) and the provisioning YAML; install Debian's prometheus package if `prometheus` is not on PATH; start the demo (unless URLs are
# given); write a prometheus.yml scraping every 5 s into a temporary directory, `promtool check config` it, and
# start Prometheus on its own port with storage in that directory; wait until the targets are up and the
# trainer's first decision (streamcast_trainer_decisions_total) has been scraped, plus a settling time for the
# rate windows; then run every `expr` of every dashboard on /api/v1/query (template variables as a viewer
# with the defaults sees them: All -> ".*", $__rate_interval -> 1m), print each with its result count, and exit
# 1 if any returned no data. The demo and Prometheus are stopped on exit, whatever happens.
#
# Environment (defaults): DEMO_PORT (18400), PROM_PORT (19090), DEMO_SPEED (600x), DEMO_DURATION (240s),
# START_TIMEOUT (600 s: the demo's HTTP endpoint, including a first build), DECISION_TIMEOUT (300 s),
# SETTLE_SECONDS (30), QUERY_DEADLINE (120 s of retrying queries without data), INJECT_BAD_ROW (1: with the demo,
# replay one invalid observation so the dead-letter panels have a real series; 0 = don't), KEEP_TMP=1 to keep
# the temporary directory (logs, prometheus.yml, TSDB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
DEMO_PORT="${DEMO_PORT:-18400}"
PROM_PORT="${PROM_PORT:-19090}"
DEMO_SPEED="${DEMO_SPEED:-600x}"
DEMO_DURATION="${DEMO_DURATION:-240s}"
START_TIMEOUT="${START_TIMEOUT:-600}"
DECISION_TIMEOUT="${DECISION_TIMEOUT:-300}"
SETTLE_SECONDS="${SETTLE_SECONDS:-30}"
QUERY_DEADLINE="${QUERY_DEADLINE:-120}"
JOB=streamcast-check # deliberately neither of the compose stack's job names: dashboards must not depend on them
PROM="http://127.0.0.1:$PROM_PORT"

t0=$SECONDS
log() { printf '[%4ds] %s\n' $((SECONDS - t0)) "$*"; }
die() { printf '[%4ds] check-dashboards: %s\n' $((SECONDS - t0)) "$*" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/streamcast-grafana-check.XXXXXX")"
demo_pid="" prom_pid="" query_pid=""

stop() { # stop PID NAME SECONDS: SIGTERM, wait, then SIGKILL
  local pid="$1" name="$2" grace="$3" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; log "stopped $name"; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  log "killed $name (did not stop within ${grace} s)"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop "$query_pid" "the query run" 5
  stop "$prom_pid" prometheus 15
  stop "$demo_pid" demo 40
  if [ "${KEEP_TMP:-0}" = 1 ] || [ $rc -ne 0 ]; then
    log "logs and config kept in $work"
  else
    rm -rf "$work"
  fi
  log "total $((SECONDS - t0)) s, exit $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 2 s; fails if a started process has died.
wait_for() {
  local timeout="$1" what="$2" start=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ -n "$demo_pid" ] && ! kill -0 "$demo_pid" 2>/dev/null; then
      echo "--- demo stderr (last 30 lines) ---" >&2; tail -n 30 "$work/demo.err" >&2 || true
      die "the demo exited while waiting for $what"
    fi
    if [ -n "$prom_pid" ] && ! kill -0 "$prom_pid" 2>/dev/null; then
      echo "--- prometheus log (last 30 lines) ---" >&2; tail -n 30 "$work/prometheus.log" >&2 || true
      die "Prometheus exited while waiting for $what"
    fi
    ((SECONDS - start < timeout)) || die "timed out after ${timeout} s waiting for $what"
    sleep 2
  done
  log "ok: $what ($((SECONDS - start)) s)"
}

# promql_count EXPR: number of series the instant query returns (0 on any error).
promql_count() {
  curl -fsS --max-time 10 -G "$PROM/api/v1/query" --data-urlencode "query=$1" 2>/dev/null |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))' 2>/dev/null || echo 0
}
has_series() { [ "$(promql_count "$1")" -ge "${2:-1}" ]; }

command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"

# --- 1. static checks -------------------------------------------------------------------------------------------
log "validating dashboards and provisioning"
dashboards=("$here"/dashboards/*.json)
[ -e "${dashboards[0]}" ] || die "no dashboards in $here/dashboards"
python3 "$here/generate_dashboards.py" --check || die "dashboard JSON differs from grafana/generate_dashboards.py"
python3 "$here/dashboard_queries.py" validate --metrics-doc "$root/docs/metrics.md" "${dashboards[@]}" ||
  die "dashboard validation failed"
python3 - "$here/provisioning" <<'PY' || die "provisioning validation failed"
import sys, pathlib
try:
    import yaml
except ImportError:
    print("provisioning: PyYAML not installed, YAML not parsed"); sys.exit(0)
base = pathlib.Path(sys.argv[1])
ds = yaml.safe_load((base / "datasources/prometheus.yml").read_text())["datasources"]
assert any(d["uid"] == "prometheus" and d["type"] == "prometheus" for d in ds), "no datasource with uid prometheus"
pr = yaml.safe_load((base / "dashboards/streamcast.yml").read_text())["providers"]
assert any(p["type"] == "file" and p["options"]["path"] == "/var/lib/grafana/dashboards" for p in pr), \
    "no file provider on /var/lib/grafana/dashboards"
print("provisioning: datasource uid 'prometheus', file provider on /var/lib/grafana/dashboards")
PY

# --- 2. Prometheus ---------------------------------------------------------------------------------------------
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  [ "$(id -u)" = 0 ] || die "prometheus is not on PATH; install it (Debian: apt-get install prometheus) or run as root"
  log "installing Debian's prometheus package (apt-get)"
  # Keep the package's init scripts from starting a system Prometheus on :9090 (policy-rc.d: 101 = not allowed).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  rc=0
  { DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends prometheus; } \
    >"$work/apt.log" 2>&1 || rc=$?
  [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || { tail -n 20 "$work/apt.log" >&2; die "apt-get install prometheus failed ($rc)"; }
fi
log "$(prometheus --version 2>&1 | head -n 1)"
port_busy "$PROM_PORT" && die "port $PROM_PORT is in use; set PROM_PORT"

# --- 3. targets ------------------------------------------------------------------------------------------------
targets=()
if [ $# -gt 0 ]; then
  for url in "$@"; do
    [[ "$url" =~ ^https?://([^/]+)(/.*)?$ ]] || die "not an http(s) URL: $url"
    path="${BASH_REMATCH[2]:-/metrics}"
    [ "$path" = / ] && path=/metrics
    curl -fsS --max-time 10 -o /dev/null "$url" 2>/dev/null || curl -fsS --max-time 10 -o /dev/null \
      "${url%/}/metrics" || die "cannot fetch $url"
    targets+=("${BASH_REMATCH[1]}|$path")
  done
  log "scraping ${#targets[@]} given target(s)"
else
  port_busy "$DEMO_PORT" && die "port $DEMO_PORT is in use; set DEMO_PORT"
  log "starting ./streamcast demo --port $DEMO_PORT --speed $DEMO_SPEED --duration $DEMO_DURATION"
  (cd "$root" && exec ./streamcast demo --port "$DEMO_PORT" --speed "$DEMO_SPEED" --duration "$DEMO_DURATION") \
    >"$work/demo.out" 2>"$work/demo.err" &
  demo_pid=$!
  wait_for "$START_TIMEOUT" "the demo's HTTP endpoint (http= line)" grep -q '^http=' "$work/demo.out"
  base="$(sed -n 's/^http=//p' "$work/demo.out" | head -n 1)"
  [[ "$base" =~ ^https?://([^/]+)$ ]] || die "unexpected http= line: $base"
  targets+=("${BASH_REMATCH[1]}|/metrics")
fi

# --- 4. a temporary Prometheus ---------------------------------------------------------------------------------
{
  cat <<EOF
# Written by grafana/check-dashboards.sh; storage in $work/tsdb.
global:
  scrape_interval: 5s
  scrape_timeout: 4s
  evaluation_interval: 5s
scrape_configs:
EOF
  i=0
  for t in "${targets[@]}"; do
    cat <<EOF
  - job_name: $JOB-$i
    metrics_path: ${t#*|}
    static_configs:
      - targets: ['${t%%|*}']
        labels:
          checked_by: check-dashboards
EOF
    i=$((i + 1))
  done
} >"$work/prometheus.yml"
promtool check config "$work/prometheus.yml" || die "promtool check config failed on $work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time=1d \
  >"$work/prometheus.log" 2>&1 &
prom_pid=$!
wait_for 60 "Prometheus ready on $PROM" curl -fsS --max-time 5 "$PROM/-/ready"

# --- 5. wait for data ------------------------------------------------------------------------------------------
wait_for 120 "${#targets[@]} target(s) up" has_series "up{checked_by=\"check-dashboards\"} == 1" "${#targets[@]}"
wait_for "$DECISION_TIMEOUT" "the trainer's first decision (streamcast_trainer_decisions_total)" \
  has_series 'streamcast_trainer_decisions_total'
if [ -n "$demo_pid" ] && [ "${INJECT_BAD_ROW:-1}" = 1 ]; then
  # One observation with a non-numeric value for a series the demo already replays: streams-app dead-letters it
  # (reason bad-value), so the dead-letter panels show a real streamcast_dlq_total{reason} series rather than
  # their 0 fallback; the trainer skips it. (A separate `replay` JVM, a few seconds.)
  bootstrap="$(sed -n 's/^bootstrap=//p' "$work/demo.out" | head -n 1)"
  printf 'series,timestamp,value\nec2_cpu_utilization_24ae8d,2014-02-14 14:30:00,not-a-number\n' >"$work/bad-row.csv"
  if (cd "$root" && timeout 120 ./streamcast replay --bootstrap "$bootstrap" --topic observations \
    --file "$work/bad-row.csv") >"$work/replay.out" 2>&1; then
    log "sent one invalid observation (to be dead-lettered as bad-value)"
  else
    log "warning: could not send the invalid observation (see $work/replay.out); dead-letter panels may show 0"
  fi
fi
log "settling ${SETTLE_SECONDS} s so rate windows hold several scrapes"
for ((i = 0; i < SETTLE_SECONDS; i++)); do sleep 1; done # short sleeps: a signal's trap runs between them
[ -z "$demo_pid" ] || kill -0 "$demo_pid" 2>/dev/null || die "the demo ended before the queries ran"

# --- 6. every dashboard query ----------------------------------------------------------------------------------
log "running every dashboard query against $PROM"
rc=0
# In the background and waited for, so that INT/TERM reach the trap (and cleanup) at once.
python3 "$here/dashboard_queries.py" query --prometheus "$PROM" --deadline "$QUERY_DEADLINE" "${dashboards[@]}" &
query_pid=$!
wait "$query_pid" || rc=$?
query_pid=""
if [ -n "$demo_pid" ]; then
  log "demo progress: $(grep -E '^\[ *[0-9]+s\]' "$work/demo.out" | tail -n 1)"
  grep -E '^trainer: .* (promote|refuse):' "$work/demo.out" | sed 's/^/         /' || true
fi
if [ $rc = 0 ]; then log "PASS: every dashboard query returned data"; else log "FAIL: see the queries above"; fi
exit $rc
