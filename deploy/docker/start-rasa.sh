#!/bin/sh
# A Rasa replica as scripts/cluster.sh starts one: `python -m server` (our
# patches, stores and lock), the channels of $CREDENTIALS (the portal channel
# only unless told otherwise), CORS from $CORS_ORIGINS, and Rasa's HTTP API
# only when $RASA_TOKEN is set.
set -eu
set -- run --model models/objection-coach.tar.gz --endpoints endpoints.yml \
  --credentials "${CREDENTIALS:-deploy/credentials.yml}" --port "${RASA_PORT:-5005}" "$@"
if [ -n "${CORS_ORIGINS:-}" ]; then
  # shellcheck disable=SC2086  # one argument per origin
  set -- "$@" --cors $CORS_ORIGINS
fi
if [ -n "${RASA_TOKEN:-}" ]; then
  set -- "$@" --enable-api --auth-token "$RASA_TOKEN"
fi
exec python -m server "$@"
