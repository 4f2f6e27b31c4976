#!/usr/bin/env bash
# The live page in a real browser: starts the demo, drives http://127.0.0.1:PORT/ in headless Chromium
# (Debian's chromium + chromium-driver, through Selenium), checks that the chart shows a series' actuals, forecast
# and interval band and that it updates, saves screenshots, prints PASS/FAIL and stops the demo.
#
#   scripts/check-live-page.sh [--port 18181] [--screenshot target/live-page.png] [--duration 240s] [--speed 600x]
#                              [--await-model 90s]
#
# --await-model: before the screenshot, wait up to this long for a trained model to replace the baseline (so the
# picture shows one); not a check, the trainer may refuse its candidates. 0s skips the wait.
#
# Installs chromium and chromium-driver with apt-get when missing (needs root). Maven runs through ./mvnw, so
# MAVEN_ARGS (e.g. -Dmaven.repo.local=...) applies. Exit code 0 on PASS, 1 on FAIL, 2 on a setup error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

port=18181
screenshot="$root/target/live-page.png"
duration=240s
speed=600x
await_model=90s
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --screenshot) screenshot="$(realpath -m "$2")"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --speed) speed="$2"; shift 2 ;;
    --await-model) await_model="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "check-live-page: unknown option $1" >&2; exit 2 ;;
  esac
done
work="$root/target/live-page-check"
mkdir -p "$work" "$(dirname "$screenshot")"

say() { echo "check-live-page: $*" >&2; }

# 1. the browser
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing chromium and chromium-driver (apt-get)"
  if [ "$(id -u)" != 0 ]; then say "not root: install chromium and chromium-driver yourself"; exit 2; fi
  apt-get update -qq >"$work/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >>"$work/apt.log" 2>&1 \
    || { say "apt-get install failed, see $work/apt.log"; exit 2; }
fi
say "$(/usr/bin/chromium --version 2>/dev/null | head -1), $(/usr/bin/chromedriver --version | head -1)"

# 2. the build: the CLI (demo) and the checker's classpath (integration-tests' test classes, Selenium)
say "building the CLI and the browser check"
./mvnw -B -q -DskipTests -pl streamcast-cli -am install >"$work/build.log" 2>&1 \
  || { say "build failed, see $work/build.log"; exit 2; }
touch streamcast-cli/target/streamcast.jar # ./streamcast must not rebuild (see ./streamcast)
./mvnw -B -q -pl integration-tests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >>"$work/build.log" 2>&1 \
  || { say "build of the browser check failed, see $work/build.log"; exit 2; }

# 3. the demo, in the background until this script ends
demo_log="$work/demo.log"
./streamcast demo --port "$port" --speed "$speed" --duration "$duration" >"$demo_log" 2>&1 &
demo=$!
stop_demo() {
  if kill -0 "$demo" 2>/dev/null; then
    kill "$demo" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$demo" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$demo" 2>/dev/null || true
  fi
  wait "$demo" 2>/dev/null || true
}
trap stop_demo EXIT

url=""
for _ in $(seq 1 360); do
  url="$(sed -n 's/^http=//p' "$demo_log" | head -1)"
  [ -n "$url" ] && break
  kill -0 "$demo" 2>/dev/null || { say "the demo ended before serving; its log:"; tail -20 "$demo_log" >&2; exit 2; }
  sleep 0.5
done
[ -n "$url" ] || { say "no http= line from the demo within 180 s; see $demo_log"; exit 2; }
say "demo serving at $url (log: $demo_log)"

# 4. the browser check
set +e
OMP_NUM_THREADS=1 SE_OFFLINE=true java -cp "integration-tests/target/test-classes:$(cat "$work/classpath.txt")" \
  io.streamcast.it.browser.LivePageCheck "$url" --screenshot "$screenshot" --timeout 120s --await-model "$await_model" \
  2>"$work/check.log"
status=$?
set -e
if [ $status -ne 0 ]; then
  say "browser check failed (exit $status); stderr in $work/check.log, demo log in $demo_log"
  tail -5 "$work/check.log" >&2 || true
fi
exit $status
