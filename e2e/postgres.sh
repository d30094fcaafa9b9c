#!/usr/bin/env bash
# The heroes app's tests (examples/sql-heroes) against a real PostgreSQL: installs
# Debian's `postgresql` when missing, starts a throwaway cluster in a temporary directory
# on a free port (as the `postgres` user when run as root), runs the tests with
# DATABASE_URL pointing at it, and stops and removes the cluster on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
    apt-get update -q > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql > /dev/null
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
DIR="$(mktemp -d)"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cleanup() {
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --no-sync > /dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c fsync=off" start > /dev/null
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres heroes
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/heroes" cargo test -p sql-heroes --locked
