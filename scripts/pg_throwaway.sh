#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for tests: trust auth, its own port and socket dir, no fsync.
#   eval "$(scripts/pg_throwaway.sh start)"   exports PGROOT, VELLUM_TEST_PG_URL, VELLUM_TEST_PG_ADMIN_URL
#   scripts/pg_throwaway.sh stop "$PGROOT"
#   scripts/pg_throwaway.sh halt "$PGROOT"     stops the server but keeps its data (fault tests)
#   scripts/pg_throwaway.sh resume "$PGROOT"   starts it again on the same port
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  stop)
    [ -n "${2:-}" ] && [ -d "$2" ] || exit 0
    as_postgres "$pgbin/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$2"
    ;;
  halt)
    as_postgres "$pgbin/pg_ctl" -D "$2/data" -m fast -w -t 30 stop >/dev/null
    ;;
  resume)
    as_postgres "$pgbin/pg_ctl" -D "$2/data" -l "$2/server.log" -w -t 30 -o "$(cat "$2/server.opts")" start >/dev/null
    ;;
  start)
    root=$(mktemp -d /tmp/vellum-pg.XXXXXX)   # under /tmp: the postgres user must be able to enter it
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root"
    as_postgres "$pgbin/initdb" -D "$root/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 \
      >"$root/initdb.log" 2>&1
    # Tests start private clusters side by side: a port that looked free can be taken before the
    # server binds it, so a start that fails to bind moves on to another port.
    port=${VELLUM_TEST_PG_PORT:-$((55432 + RANDOM % 2000))}
    for attempt in 1 2 3 4 5 6 7 8; do
      while (: </dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
      opts="-k $root -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
      echo "$opts" >"$root/server.opts"   # for resume
      [ ! -f "$root/server.log" ] || as_postgres truncate -s 0 "$root/server.log"  # the server's own file
      if as_postgres "$pgbin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 -o "$opts" start >/dev/null; then
        break
      fi
      grep -q "could not create any TCP/IP sockets\|Address already in use" "$root/server.log" && [ "$attempt" -lt 8 ] ||
        { cat "$root/server.log" >&2; exit 1; }
      port=$((port + 1 + RANDOM % 50))
    done
    psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE vellum LOGIN SUPERUSER PASSWORD 'vellum'" -c "CREATE DATABASE vellum_test OWNER vellum" >/dev/null
    echo "export PGROOT=$root"
    echo "export VELLUM_TEST_PG_URL='host=127.0.0.1 port=$port dbname=vellum_test user=vellum password=vellum'"
    echo "export VELLUM_TEST_PG_ADMIN_URL='host=127.0.0.1 port=$port dbname=postgres user=vellum password=vellum'"
    ;;
  *)
    echo "usage: $0 start | stop PGROOT | halt PGROOT | resume PGROOT" >&2
    exit 2
    ;;
esac
