#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the database tests.
#   .ci/postgres.sh start   install PostgreSQL from Debian's packages if absent, initdb a cluster in a
#                           temp dir, start it on 127.0.0.1 on a free port, create a database, and write
#                           GATEHOUSE_TEST_PG_URL/_USER/_PASSWORD to the env file (printed at the end)
#   .ci/postgres.sh stop    stop that cluster and delete its directory
# The env file is $GATEHOUSE_PG_ENV (default /tmp/gatehouse-pg.env); `source` it before `./gatehouse test`.
# PostgreSQL refuses to run as root, so as root the cluster runs as the 'postgres' user the Debian
# package creates (or a 'gatehouse-ci' user this script creates when that user is missing).
set -euo pipefail
ENV_FILE="${GATEHOUSE_PG_ENV:-/tmp/gatehouse-pg.env}"

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -z "$d" ]]; then
    echo "postgres.sh: PostgreSQL not found; installing the Debian package" >&2
    if [[ "$(id -u)" -ne 0 ]]; then
      echo "postgres.sh: need root to apt-get install postgresql" >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    # The package starts a system cluster on 5432; we do not use it.
    (command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
        pg_ctlcluster "$ver" "$name" stop || true; done) >&2 || true
    d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$d"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "postgres.sh: no free port found" >&2
  exit 1
}

run_as_owner() { # runs "$@" as the cluster owner
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u "$OWNER" -- "$@"
  else
    "$@"
  fi
}

start() {
  if [[ -f "$ENV_FILE" ]]; then
    echo "postgres.sh: $ENV_FILE exists; a cluster may be running (run 'stop' first)" >&2
    exit 1
  fi
  local bin dir port password
  bin="$(pg_bin)"
  OWNER="$(id -un)"
  if [[ "$(id -u)" -eq 0 ]]; then
    OWNER=postgres
    id postgres >/dev/null 2>&1 || { id gatehouse-ci >/dev/null 2>&1 || useradd --system --no-create-home gatehouse-ci; OWNER=gatehouse-ci; }
  fi
  dir="$(mktemp -d /tmp/gatehouse-pg.XXXXXX)"
  chmod 700 "$dir"
  [[ "$(id -u)" -eq 0 ]] && chown "$OWNER" "$dir"
  port="$(free_port)"
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  printf '%s\n' "$password" >"$dir/pwfile"
  [[ "$(id -u)" -eq 0 ]] && chown "$OWNER" "$dir/pwfile"
  # Password auth over TCP even on loopback, so the tests use the same JDBC path as production.
  run_as_owner "$bin/initdb" -D "$dir/data" -U gatehouse --pwfile="$dir/pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  # fsync off: a throwaway cluster for tests; durability across a crash is not what they check.
  run_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U gatehouse -d postgres -qAt \
      -c "CREATE DATABASE gatehouse_test" >/dev/null
  {
    echo "export GATEHOUSE_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/gatehouse_test'"
    echo "export GATEHOUSE_TEST_PG_USER='gatehouse'"
    echo "export GATEHOUSE_TEST_PG_PASSWORD='$password'"
    echo "export GATEHOUSE_TEST_PG_DIR='$dir'"
    echo "export GATEHOUSE_TEST_PG_OWNER='$OWNER'"
  } >"$ENV_FILE"
  chmod 600 "$ENV_FILE"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (owner $OWNER, dir $dir)" >&2
  echo "$ENV_FILE"
}

stop() {
  if [[ ! -f "$ENV_FILE" ]]; then
    echo "postgres.sh: no $ENV_FILE; nothing to stop" >&2
    return 0
  fi
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  local bin
  bin="$(pg_bin)"
  OWNER="$GATEHOUSE_TEST_PG_OWNER"
  if [[ -d "$GATEHOUSE_TEST_PG_DIR/data" ]]; then
    run_as_owner "$bin/pg_ctl" -D "$GATEHOUSE_TEST_PG_DIR/data" -m fast -w stop >/dev/null || true
  fi
  case "$GATEHOUSE_TEST_PG_DIR" in
    /tmp/gatehouse-pg.*) rm -rf "$GATEHOUSE_TEST_PG_DIR" ;;
  esac
  rm -f "$ENV_FILE"
  echo "postgres.sh: stopped" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
