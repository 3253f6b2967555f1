#!/usr/bin/env bash
# Start the action server and the Rasa server (and the demo page), stop them
# all on Ctrl-C. `--shell` rehearses in the terminal instead of serving HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8000}
# Reload without restart: Rasa pulls the model from a local model server and
# swaps in a retrained one (`make train`) within RELOAD_SECONDS.
MODEL_PORT=${MODEL_PORT:-5006}
RELOAD_SECONDS=${RELOAD_SECONDS:-5}
export ACTION_PORT TRACKER_DB=${TRACKER_DB:-runtime/tracker.db}
MODEL=${MODEL:-models/objection-coach.tar.gz}
# Only the demo page's origin may call the bot from a browser.
CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}
BIN=.venv/bin
mkdir -p runtime

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)

api=()
if [[ -n "${RASA_TOKEN:-}" ]]; then
  # The HTTP API (trackers, model replacement) exists only with a token.
  api=(--enable-api --auth-token "$RASA_TOKEN")
fi

if [[ "${1:-}" == "--shell" ]]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

if [[ -d web ]]; then
  # Serve a copy whose demo page points at this Rasa port.
  rm -rf runtime/web && cp -r web runtime/web
  sed -i "s#http://localhost:5005#http://localhost:${RASA_PORT}#" runtime/web/index.html
  "$BIN/python" -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory runtime/web &
  pids+=($!)
  echo "Demo portal page: http://localhost:${WEB_PORT}/"
fi

"$BIN/python" scripts/model_server.py --port "$MODEL_PORT" --model "$MODEL" &
pids+=($!)
# endpoints.yml plus where to pull the model from (only `make run` reloads;
# tests and `--shell` load --model from disk).
{
  cat endpoints.yml
  printf '\n# Added by scripts/run.sh: reload a retrained model without a restart.\n'
  printf 'models:\n  url: http://127.0.0.1:%s/model\n  wait_time_between_pulls: %s\n' "$MODEL_PORT" "$RELOAD_SECONDS"
} > runtime/endpoints.yml
for _ in {1..50}; do (exec 3<>"/dev/tcp/127.0.0.1/$MODEL_PORT") 2>/dev/null && break; sleep 0.2; done

# shellcheck disable=SC2086
"$BIN/rasa" run --model "$MODEL" --port "$RASA_PORT" --endpoints runtime/endpoints.yml \
  --credentials credentials.yml --cors $CORS_ORIGINS "${api[@]}" &
pids+=($!)
echo "Rasa REST channel: http://localhost:${RASA_PORT}/webhooks/rest/webhook (Ctrl-C stops everything)"
wait -n "${pids[@]}"
