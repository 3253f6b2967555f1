#!/bin/sh
# A Rasa replica as scripts/cluster.sh starts one: `python -m server serve`
# (server/rasa_command.py builds the command line from the environment: the
# model, endpoints, channels, interface, port and CORS), with the image's
# channels (the portal channel only unless told otherwise). Rasa's HTTP API
# only when $RASA_TOKEN is set, read from the environment, never from a
# command line.
set -eu
export CREDENTIALS="${CREDENTIALS:-deploy/credentials.yml}" BIND_HOST="${BIND_HOST:-0.0.0.0}"
exec python -m server serve "$@"
