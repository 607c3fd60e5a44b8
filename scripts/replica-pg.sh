#!/usr/bin/env bash
# A real streaming replica of the local PostgreSQL 15 (127.0.0.1:5432) on 127.0.0.1:5433, made with
# pg_basebackup -R, for measuring replica lag (qprof advise replicas). Idempotent; as root.
#
#   bash scripts/replica-pg.sh start     # base backup on first run, then start and wait until streaming
#   bash scripts/replica-pg.sh status    # "streaming" / "stopped"
#   bash scripts/replica-pg.sh stop      # stop, keep the data directory (next start is fast)
#   bash scripts/replica-pg.sh destroy   # stop and remove the data directory
#
# The primary needs wal_level >= replica and max_wal_senders > 0 (both PostgreSQL defaults) and a pg_hba
# `replication` entry for local/127.0.0.1 (added by scripts/services.sh; only a reload). No replication slot:
# a forgotten replica must never make the shared primary keep WAL forever.
# Environment: QPROF_REPLICA_PORT (5433), QPROF_REPLICA_DIR (/var/lib/postgresql/15/qprof-replica).
set -euo pipefail
PORT=${QPROF_REPLICA_PORT:-5433}
DIR=${QPROF_REPLICA_DIR:-/var/lib/postgresql/15/qprof-replica}
BIN=/usr/lib/postgresql/15/bin
PRIMARY_PORT=5432

die() { printf 'FAILED   %s\n' "$*" >&2; exit 1; }
as_pg() { runuser -u postgres -- "$@"; }
primary_sql() { as_pg psql -X -q -A -t -w -h 127.0.0.1 -p "$PRIMARY_PORT" -d postgres -c "$*"; }
running() { [[ -f $DIR/postmaster.pid ]] && as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }
streaming() { [[ $(primary_sql "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'qprof_replica' AND state = 'streaming'") -ge 1 ]]; }

[[ $(id -u) -eq 0 ]] || die "run as root: sudo bash scripts/replica-pg.sh ${1:-start}"

start() {
  pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" || die "primary 127.0.0.1:$PRIMARY_PORT is not up (bash scripts/services.sh)"
  [[ $(primary_sql "SHOW wal_level") != minimal ]] || die "primary wal_level = minimal: set it to replica (restart)"
  if running && streaming; then printf 'ok       replica on :%s streaming\n' "$PORT"; return; fi
  if [[ ! -f $DIR/standby.signal ]]; then
    rm -rf "$DIR"; install -d -o postgres -g postgres -m 0700 "$DIR"
    as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream -c fast \
      -d "application_name=qprof_replica" 2>"$DIR.basebackup.log" \
      || die "pg_basebackup failed: $(tail -n 1 "$DIR.basebackup.log") (the primary's pg_hba.conf needs 'host replication all 127.0.0.1/32 trust': bash scripts/services.sh)"
    # Debian keeps the configuration in /etc: the replica gets its own minimal one. A hot standby needs
    # these limits at least as high as the primary's (https://www.postgresql.org/docs/15/hot-standby.html).
    {
      printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '/var/run/postgresql'\n" "$PORT"
      printf "hot_standby = on\nshared_buffers = 32MB\nlogging_collector = off\nhba_file = '%s/pg_hba.conf'\n" "$DIR"
      printf "ident_file = '%s/pg_ident.conf'\nhot_standby_feedback = on\nwal_receiver_status_interval = 1s\n" "$DIR"
      for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
        printf '%s = %s\n' "$s" "$(primary_sql "SHOW $s")"
      done
    } >"$DIR/postgresql.conf"
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$DIR/pg_hba.conf"
    : >"$DIR/pg_ident.conf"
    chown postgres:postgres "$DIR/postgresql.conf" "$DIR/pg_hba.conf" "$DIR/pg_ident.conf"
    printf 'changed  base backup of :%s in %s\n' "$PRIMARY_PORT" "$DIR"
  fi
  if ! running; then
    as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" -o "-c config_file=$DIR/postgresql.conf" -w -t 60 start >/dev/null \
      || die "replica did not start (see $DIR/replica.log)"
  fi
  for _ in $(seq 1 30); do streaming && { printf 'changed  replica on :%s streaming\n' "$PORT"; return; }; sleep 1; done
  # Without a slot the primary recycles WAL a stopped replica still needs (a busy day, pgbench): the replica can
  # then never catch up. A fresh base backup is the cure; do it once, by itself.
  if [[ -z ${REBUILT:-} ]] && grep -q 'has already been removed' "$DIR/replica.log" 2>/dev/null; then
    printf 'changed  replica on :%s fell behind recycled WAL: new base backup\n' "$PORT"
    stop; rm -rf "$DIR" "$DIR.basebackup.log"; REBUILT=1 start; return
  fi
  die "replica on :$PORT started but is not streaming after 30 s (see $DIR/replica.log)"
}

stop() {
  if running; then as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; printf 'changed  replica on :%s stopped\n' "$PORT"
  else printf 'ok       replica on :%s not running\n' "$PORT"; fi
}

case ${1:-start} in
  start) start ;;
  stop) stop ;;
  status) if running && streaming; then echo streaming; else echo stopped; fi ;;
  destroy) stop; rm -rf "$DIR" "$DIR.basebackup.log"; printf 'changed  removed %s\n' "$DIR" ;;
  *) die "usage: $0 start|stop|status|destroy" ;;
esac
