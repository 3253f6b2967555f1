#!/usr/bin/env bash
# Start the action server and the Rasa server (and the demo page), stop them
# all on Ctrl-C. `--shell` rehearses in the terminal instead of serving HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
# Ports, stores, secrets: the environment, then .env, then .env.example's
# defaults (server/environment.py). RELOAD_SECONDS: how soon Rasa picks up a
# retrained model from the local model server (`make train`).
settings=$("$BIN/python" -m server.environment) || exit 1
eval "$settings"
MODEL=${MODEL:-models/objection-coach.tar.gz}
# Only the demo page's origin may call the bot from a browser, unless configured.
CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}
# Conversations hold names and phone numbers: runtime/ and what is written
# in it are for this user only.
umask 077
mkdir -p runtime && chmod 700 runtime
[[ ! -e runtime/tracker.db ]] || chmod 600 runtime/tracker.db*
# The action server runs actions only for callers that know this secret.
if [[ -z "${ACTION_SECRET:-}" ]]; then
  ACTION_SECRET=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
fi
export ACTION_SECRET BIND_HOST=${BIND_HOST:-127.0.0.1}

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# server.action_server: rasa-sdk's server with the secret check. Only Rasa,
# on this machine, calls it: loopback whatever BIND_HOST says.
BIND_HOST=127.0.0.1 "$BIN/python" -m server.action_server --actions actions --port "$ACTION_PORT" &
pids+=($!)

if [[ "${1:-}" == "--shell" ]]; then
  "$BIN/python" -m server shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

# Drill records: the database gets the latest schema before anyone writes.
"$BIN/python" scripts/migrate.py

# Trainers sign in to the dashboard with TRAINER_TOKEN; without one, a token
# made up once and kept in runtime/ (the same sign-in link every start).
if [[ -z "${TRAINER_TOKEN:-}" ]]; then
  [[ -s runtime/trainer_token ]] || "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(24))' > runtime/trainer_token
  TRAINER_TOKEN=$(< runtime/trainer_token)
fi
export TRAINER_TOKEN

# The demo page and the trainer dashboard (dashboard/): a copy of web/ whose
# config.js points the demo page at this Rasa port.
web=()
if [[ -d web ]]; then
  rm -rf runtime/web && cp -r web runtime/web
  printf 'window.ObjectionCoachConfig = { serverUrl: "http://localhost:%s" };\n' "$RASA_PORT" > runtime/web/config.js
  web=(--web runtime/web)
  echo "Demo portal page: http://localhost:${WEB_PORT}/"
fi
"$BIN/python" -m dashboard --host "$BIND_HOST" --port "$WEB_PORT" ${web[@]+"${web[@]}"} > runtime/dashboard.log 2>&1 &
pids+=($!)
echo "Trainer dashboard: http://localhost:${WEB_PORT}/trainer/?token=${TRAINER_TOKEN}"

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

# python -m server serve: rasa with our patches (server/), its command line
# built from the environment (server/rasa_command.py); the HTTP API
# (trackers, model replacement) only when RASA_TOKEN or RASA_TOKEN_FILE is
# set, read from the environment, never from this command line.
MODEL="$MODEL" ENDPOINTS=runtime/endpoints.yml CREDENTIALS=credentials.yml CORS_ORIGINS="$CORS_ORIGINS" \
  RASA_PORT="$RASA_PORT" "$BIN/python" -m server serve &
pids+=($!)
echo "Rasa REST channel: http://localhost:${RASA_PORT}/webhooks/rest/webhook (Ctrl-C stops everything)"
wait -n "${pids[@]}"
