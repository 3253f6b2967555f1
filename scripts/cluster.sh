#!/usr/bin/env bash
# `make cluster` / `make cluster-stop`: the production topology on one
# machine, on loopback. PostgreSQL (tracker store) and Redis (lock store),
# the action server, CLUSTER_REPLICAS Rasa servers sharing both, and nginx
# balancing the channels round-robin across them and serving the demo page.
#
#   scripts/cluster.sh install | start | stop | status
#
# `install` puts in Debian's postgresql, redis-server and nginx when missing
# (as root; `make cluster` runs it first); `start` only starts. State (database, logs, pids, generated passwords) lives in
# runtime/cluster/, git-ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin

settings=$("$BIN/python" -m server.environment) || exit 1
eval "$settings"
REPLICAS=${CLUSTER_REPLICAS}
STATE=${CLUSTER_STATE:-$ROOT/runtime/cluster}
MODEL=${MODEL:-$ROOT/models/objection-coach.tar.gz}

log() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] %s\n' "$*" >&2; exit 1; }

# Alive and not a zombie: daemons outlive this script, and PID 1 in a
# container may be slow to reap them, so `kill -0` alone can lie.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $(awk '{print $1}' <<<"${stat##*)}") != Z ]]
}

pidof_state() { cat "$STATE/$1.pid" 2>/dev/null || echo 0; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

missing_packages() {
  [[ -n "$(pg_bin)" ]] || echo postgresql
  command -v redis-server >/dev/null || echo redis-server
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || echo nginx
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
  log "installing ${missing[*]} (Debian packages)"
  # Debian starts a service on install; ours run on their own ports, so stop theirs.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  for service in postgresql redis-server nginx; do service "$service" stop >/dev/null 2>&1 || true; done
}

# PostgreSQL refuses to run as root and nginx's workers run as nobody: both
# need to reach their files. If the checkout is not reachable by other users
# (a private temp dir), the state goes to /tmp and runtime/cluster links there.
prepare_state() {
  mkdir -p "$(dirname "$STATE")"
  if [[ ! -L $STATE && ! -d $STATE ]]; then
    if runuser -u nobody -- test -x "$(dirname "$STATE")" 2>/dev/null; then
      mkdir -p "$STATE"
    else
      ln -s "$(mktemp -d /tmp/objection-coach-cluster.XXXXXX)" "$STATE"
      chmod 755 "$(readlink "$STATE")"
    fi
  fi
  real_state
}

# The other users must not go through the link's private parents.
real_state() { if [[ -e $STATE ]]; then STATE=$(readlink -f "$STATE"); fi; }

secrets() {
  local file=$STATE/secrets.env name
  umask 077
  touch "$file"
  # (a state from before a secret existed gets the missing one added)
  for name in CLUSTER_PG_PASSWORD CLUSTER_REDIS_PASSWORD ACTION_SECRET CLUSTER_TRAINER_TOKEN; do
    grep -q "^$name=" "$file" || echo "$name=$("$BIN/python" -c 'import secrets; print(secrets.token_hex(16))')" >> "$file"
  done
  umask 022
  # shellcheck disable=SC1090
  source "$file"
  export ACTION_SECRET
  # the dashboard's sign-in: TRAINER_TOKEN if set, else the generated one
  export TRAINER_TOKEN=${TRAINER_TOKEN:-$CLUSTER_TRAINER_TOKEN}
}

wait_port() {  # port, what, seconds
  for _ in $(seq 1 $(($3 * 5))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  die "$2 did not come up on port $1 (logs: $STATE/*.log)"
}

start_postgres() {
  local bin data=$STATE/pg
  bin=$(pg_bin)
  if [[ ! -f $data/PG_VERSION ]]; then
    log "creating the PostgreSQL cluster in $data"
    mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"
    runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 || die "initdb failed: $STATE/initdb.log"
  fi
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    touch "$STATE/postgres.log" && chown postgres "$STATE/postgres.log"
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$STATE/postgres.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $CLUSTER_PG_PORT -k $data -c max_connections=200" >/dev/null
  fi
  # The password goes in on stdin, not on the command line (ps shows that).
  runuser -u postgres -- psql -h "$data" -p "$CLUSTER_PG_PORT" -U postgres -qtA -v ON_ERROR_STOP=1 <<SQL >/dev/null
\set pw '$CLUSTER_PG_PASSWORD'
SELECT 'CREATE ROLE coach LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coach')\gexec
ALTER ROLE coach PASSWORD :'pw';
SELECT 'CREATE DATABASE coach OWNER coach' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'coach')\gexec
SQL
}

start_redis() {
  mkdir -p "$STATE/redis"
  REDISCLI_AUTH=$CLUSTER_REDIS_PASSWORD redis-cli -p "$CLUSTER_REDIS_PORT" ping >/dev/null 2>&1 && return
  # The password goes through a config file, not the command line (ps shows that).
  printf 'port %s\nbind 127.0.0.1\ndir %s\nsave ""\nappendonly no\ndaemonize yes\npidfile %s\nlogfile %s\nrequirepass %s\n' \
    "$CLUSTER_REDIS_PORT" "$STATE/redis" "$STATE/redis.pid" "$STATE/redis.log" "$CLUSTER_REDIS_PASSWORD" \
    > "$STATE/redis.conf"
  chmod 600 "$STATE/redis.conf"
  redis-server "$STATE/redis.conf"
  wait_port "$CLUSTER_REDIS_PORT" Redis 20
}

spawn() {  # name, command...: a daemon with its own log and pid file
  local name=$1; shift
  if alive "$(pidof_state "$name")"; then return; fi
  setsid nohup "$@" >>"$STATE/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/$name.pid"
}

replica_env() {
  export ACTION_PORT=$CLUSTER_ACTION_PORT \
    TRACKER_DIALECT=postgresql TRACKER_HOST=127.0.0.1 TRACKER_PORT=$CLUSTER_PG_PORT TRACKER_DB=coach \
    TRACKER_USER=coach TRACKER_PASSWORD=$CLUSTER_PG_PASSWORD \
    LOCK_STORE=redis REDIS_HOST=127.0.0.1 REDIS_PORT=$CLUSTER_REDIS_PORT REDIS_DB=1 \
    REDIS_PASSWORD=$CLUSTER_REDIS_PASSWORD
}

start_actions() {
  replica_env  # drill records go to the shared PostgreSQL
  "$BIN/python" scripts/migrate.py >/dev/null || die "the drill records' migration failed"
  spawn actions "$BIN/python" -m server.action_server --actions actions --port "$CLUSTER_ACTION_PORT"
}

start_dashboard() {  # the trainer dashboard, behind nginx at /trainer/
  replica_env
  spawn dashboard "$BIN/python" -m dashboard --host 127.0.0.1 --port "$CLUSTER_DASHBOARD_PORT"
}

start_replica() {  # index
  local i=$1 port=$((CLUSTER_RASA_BASE_PORT + $1))
  replica_env
  # The command line from the environment (server/rasa_command.py); the HTTP
  # API only with RASA_TOKEN, read from the environment, never a command line.
  MODEL="$MODEL" ENDPOINTS=endpoints.yml CREDENTIALS=credentials.yml BIND_HOST=127.0.0.1 RASA_PORT="$port" \
    CORS_ORIGINS="${CORS_ORIGINS:-http://localhost:$CLUSTER_HTTP_PORT http://127.0.0.1:$CLUSTER_HTTP_PORT}" \
    spawn "rasa-$i" "$BIN/python" -m server serve
}

start_nginx() {
  local upstream="" i
  for ((i = 1; i <= REPLICAS; i++)); do
    upstream+="    server 127.0.0.1:$((CLUSTER_RASA_BASE_PORT + i)) max_fails=1 fail_timeout=5s;"$'\n'
  done
  # The demo page talks to nginx itself (web/config.js: its own address),
  # which passes the channels on.
  rm -rf "$STATE/web" && cp -r web "$STATE/web" && chmod -R a+rX "$STATE/web"
  mkdir -p "$STATE/nginx" && chown nobody "$STATE/nginx"  # workers buffer large bodies there
  cat > "$STATE/nginx.conf" <<EOF
daemon on;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  # which replica answered each request (the tests read it)
  log_format upstream '\$remote_addr "\$request" \$status \$upstream_addr';
  access_log $STATE/nginx-access.log upstream;
  client_body_temp_path $STATE/nginx;
  proxy_temp_path $STATE/nginx;
  fastcgi_temp_path $STATE/nginx;
  uwsgi_temp_path $STATE/nginx;
  scgi_temp_path $STATE/nginx;
  client_max_body_size ${SANIC_REQUEST_MAX_SIZE};
  # Round-robin over the replicas (deploy/nginx/proxy.conf: how requests pass).
  upstream rasa {
$upstream  }
  server {
    listen 127.0.0.1:${CLUSTER_HTTP_PORT};
    location /webhooks/ {
      proxy_pass http://rasa;
      include $ROOT/deploy/nginx/proxy.conf;
      proxy_next_upstream_tries ${REPLICAS};
    }
    location /trainer/ {
      proxy_pass http://127.0.0.1:${CLUSTER_DASHBOARD_PORT};
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
    location / { root $STATE/web; index index.html; }
  }
}
EOF
  if alive "$(pidof_state nginx)"; then
    nginx -p "$STATE" -c "$STATE/nginx.conf" -s reload
  else
    nginx -p "$STATE" -c "$STATE/nginx.conf"
  fi
}

wait_http() {  # url, what, seconds[, name of the process, to stop waiting when it dies]
  for _ in $(seq 1 $(($3 * 2))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    if [[ -n ${4:-} ]] && ! alive "$(pidof_state "$4")"; then
      tail -n 5 "$STATE/$4.log" >&2
      die "$2 stopped while starting (log: $STATE/$4.log)"
    fi
    sleep 0.5
  done
  die "$2 did not answer at $1 (logs: $STATE/*.log)"
}

start() {
  [[ -f $MODEL ]] || die "no model at $MODEL: run make train"
  local missing
  missing=$(missing_packages | xargs)
  [[ -z $missing ]] || die "missing $missing: run scripts/cluster.sh install (make cluster does)"
  prepare_state
  secrets
  start_postgres
  log "PostgreSQL on 127.0.0.1:$CLUSTER_PG_PORT"
  start_redis
  log "Redis on 127.0.0.1:$CLUSTER_REDIS_PORT"
  start_actions
  start_dashboard
  for ((i = 1; i <= REPLICAS; i++)); do start_replica "$i"; done
  wait_http "http://127.0.0.1:$CLUSTER_ACTION_PORT/health" "the action server" 90 actions
  wait_http "http://127.0.0.1:$CLUSTER_DASHBOARD_PORT/trainer/signin" "the trainer dashboard" 60 dashboard
  for ((i = 1; i <= REPLICAS; i++)); do
    wait_http "http://127.0.0.1:$((CLUSTER_RASA_BASE_PORT + i))/webhooks/rest/" "Rasa replica $i" 300 "rasa-$i"
  done
  start_nginx
  wait_http "http://127.0.0.1:$CLUSTER_HTTP_PORT/webhooks/rest/" nginx 20
  log "$REPLICAS Rasa replicas on 127.0.0.1:$((CLUSTER_RASA_BASE_PORT + 1))-$((CLUSTER_RASA_BASE_PORT + REPLICAS))"
  log "demo page and channels through nginx: http://localhost:$CLUSTER_HTTP_PORT/"
  log "trainer dashboard: http://localhost:$CLUSTER_HTTP_PORT/trainer/?token=$TRAINER_TOKEN"
}

stop_pidfile() {  # name
  local file=$STATE/$1.pid pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file")
  if alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in {1..50}; do alive "$pid" || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  [[ -e $STATE ]] || { log "nothing to stop"; return; }
  real_state
  if [[ -f $STATE/nginx.pid ]]; then nginx -p "$STATE" -c "$STATE/nginx.conf" -s stop 2>/dev/null || true; fi
  for file in "$STATE"/rasa-*.pid; do [[ -e $file ]] && stop_pidfile "$(basename "$file" .pid)"; done
  stop_pidfile actions
  stop_pidfile dashboard
  stop_pidfile redis
  if [[ -f $STATE/pg/postmaster.pid ]]; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  log "stopped"
}

status() {
  local name
  real_state
  if runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" status >/dev/null 2>&1; then
    echo "postgres: running"
  else
    echo "postgres: stopped"
  fi
  for file in "$STATE"/*.pid; do
    [[ -e $file ]] || continue
    name=$(basename "$file" .pid)
    if alive "$(cat "$file")"; then echo "$name: running"; else echo "$name: stopped"; fi
  done
}

case "${1:-start}" in
  install) install_packages ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 install|start|stop|status" ;;
esac
