#!/bin/sh
# A Rasa replica as scripts/cluster.sh starts one: `python -m server` (our
# patches, stores and lock), the channels of $CREDENTIALS (the portal channel
# only unless told otherwise), CORS from $CORS_ORIGINS, and Rasa's HTTP API
# only when $RASA_TOKEN is set (python -m server reads it from the
# environment, so it is never on the command line).
set -eu
set -- run --model models/objection-coach.tar.gz --endpoints endpoints.yml \
  --credentials "${CREDENTIALS:-deploy/credentials.yml}" --interface "${BIND_HOST:-0.0.0.0}" \
  --port "${RASA_PORT:-5005}" "$@"
if [ -n "${CORS_ORIGINS:-}" ]; then
  # shellcheck disable=SC2086  # one argument per origin
  set -- "$@" --cors $CORS_ORIGINS
fi
exec python -m server "$@"
