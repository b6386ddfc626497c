#!/usr/bin/env bash
# demo.sh runs the daily job on the embedded stack: a Temporal dev server
# (bin/temporal, UI on :8233) and a SQLite warehouse under .data/, a worker
# in the background, the nba-daily schedule, and one daily run with a live
# progress display. It leaves the stack up; `make stop` stops it. Running it
# again reuses whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=.data
TEMPORAL=bin/temporal
CLI=bin/nbaflow
WORKER=bin/worker
ADDRESS=${TEMPORAL_ADDRESS:-localhost:7233}
UI_PORT=${TEMPORAL_UI_PORT:-8233}
DEMO_DATE=${DEMO_DATE:-2025-01-15}
SEASON=${DEMO_SEASON:-2024}
export TEMPORAL_ADDRESS=$ADDRESS SQLITE_PATH=$DATA/warehouse.db WAREHOUSE=sqlite

step() { printf '\n==> %s\n' "$*"; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

mkdir -p "$DATA" bin
[ -x "$TEMPORAL" ] || { step "building $TEMPORAL (first time only, about 5 minutes)"; make --no-print-directory tools; }

step "building the worker and the operator CLI"
go build -o "$WORKER" ./worker
go build -o "$CLI" ./starter

if "$TEMPORAL" operator cluster health --address "$ADDRESS" >/dev/null 2>&1; then
  step "Temporal dev server already running at $ADDRESS"
else
  step "starting the Temporal dev server (state in $DATA/temporal.db, log in $DATA/temporal.log)"
  nohup "$TEMPORAL" server start-dev \
    --ip 127.0.0.1 --port "${ADDRESS##*:}" --ui-port "$UI_PORT" \
    --db-filename "$DATA/temporal.db" --log-level warn \
    --search-attribute NbaGameDate=Keyword \
    --search-attribute NbaRunKind=Keyword \
    --search-attribute NbaFailedPlayers=Int \
    --dynamic-config-value matching.useNewMatcher=true \
    >"$DATA/temporal.log" 2>&1 &
  echo $! >"$DATA/temporal.pid"
  printf 'waiting for the server'
  for _ in $(seq 1 60); do
    if "$TEMPORAL" operator cluster health --address "$ADDRESS" >/dev/null 2>&1; then break; fi
    printf '.'; sleep 1
  done
  echo
  "$TEMPORAL" operator cluster health --address "$ADDRESS" >/dev/null 2>&1 \
    || { echo "the dev server did not start; see $DATA/temporal.log" >&2; exit 1; }
fi

if [ -f "$DATA/warehouse.db" ]; then
  step "warehouse $DATA/warehouse.db already seeded"
else
  step "seeding a synthetic $SEASON season into $DATA/warehouse.db"
  "$CLI" seed --season "$SEASON" --db "$DATA/warehouse.db"
fi

if alive "$DATA/worker.pid"; then
  step "worker already running (pid $(cat "$DATA/worker.pid"))"
else
  step "starting a worker (log in $DATA/worker.log)"
  nohup "$WORKER" >"$DATA/worker.log" 2>&1 &
  echo $! >"$DATA/worker.pid"
  sleep 1
  alive "$DATA/worker.pid" || { echo "the worker exited; see $DATA/worker.log" >&2; tail -5 "$DATA/worker.log" >&2; exit 1; }
fi

step "creating the nba-daily schedule (idempotent)"
"$CLI" schedule create

step "running the daily workflow for $DEMO_DATE"
status=0
"$CLI" daily --date "$DEMO_DATE" --wait || status=$?
# 3 means the run finished and some players have no row (each with its
# category in the summary above); anything else is a failed demo.
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || exit "$status"

cat <<EOT

The stack is up:
  Temporal UI   http://localhost:$UI_PORT
  warehouse     $DATA/warehouse.db (inputs), $DATA/warehouse.db-runs (outputs, run history)
  worker log    $DATA/worker.log
Try:  $CLI backfill --from 2025-01-10 --to 2025-01-20 --wait
      sqlite3 $DATA/warehouse.db-runs 'SELECT COUNT(*) FROM upcoming_player_game_context'
      $TEMPORAL workflow list --query 'NbaGameDate="$DEMO_DATE"'
Stop it with: make stop
EOT
