#!/usr/bin/env bash
# stop.sh stops what demo.sh started: the worker, then the dev server. The
# state under .data/ stays, so the next `make demo` picks up where this one
# left off.
set -euo pipefail
cd "$(dirname "$0")/.."

stop() {
  local name=$1 pidfile=.data/$1.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill -TERM "$(cat "$pidfile")"
    for _ in $(seq 1 30); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 1; done
    kill -0 "$(cat "$pidfile")" 2>/dev/null && kill -KILL "$(cat "$pidfile")"
    echo "stopped $name"
  else
    echo "$name was not running"
  fi
  rm -f "$pidfile"
}

stop worker
stop temporal
