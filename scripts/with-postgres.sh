#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL of its own: initdb into a temporary folder, start it on a free
# port on loopback, export CORRIDOR_TEST_PG_URL, run the command, stop the server and delete the folder.
# Usage: scripts/with-postgres.sh <command> [args...]
# The server runs with fsync=off (the tests do not need their commits on disk) unless CORRIDOR_PG_DURABLE=1, which
# keeps PostgreSQL's production defaults (fsync and synchronous_commit on: a commit waits for its WAL on disk), as
# benchmarks comparing with the embedded database's durable commits need.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found (install the Debian package 'postgresql')" >&2
  exit 1
fi
port=${CORRIDOR_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
durability="-c fsync=off"
if [ "${CORRIDOR_PG_DURABLE:-0}" = "1" ]; then durability=""; fi
dir=$(mktemp -d /tmp/corridor-pg.XXXXXX)
run_as=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: the Debian package's postgres user runs it.
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U corridor --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U corridor corridor_test
export CORRIDOR_TEST_PG_URL="postgres://corridor@127.0.0.1:$port/corridor_test"
echo "Throwaway PostgreSQL on port $port ($dir)${durability:+, fsync off}"
"$@"
