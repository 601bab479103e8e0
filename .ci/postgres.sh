#!/usr/bin/env bash
# Provides the machine's PostgreSQL (Debian's, 15 on bookworm) that the engine parity suite runs on besides
# the embedded PostgreSQL 17: installs it when missing, configures logical decoding, sets the test password
# and starts the cluster on localhost:5432 (user postgres, password postgres; loopback only).
#
# Usage (from .ci/run):   bash .ci/postgres.sh
# Progress goes to stderr. Tests that need this server skip with a message when it is not reachable.
set -euo pipefail

log() { echo "[postgres.sh] $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

read -r version cluster _ < <(pg_lsclusters -h | head -1)
if [ -z "${version:-}" ]; then
  log "no cluster: creating 15/main"
  version=15; cluster=main
  pg_createcluster "$version" "$cluster" >&2
fi
# PostgresMoneyLocaleTest sets lc_monetary to de_DE.UTF-8: the OS must have that locale, and a server started before
# it was generated does not see it (so the cluster restarts below).
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  log "generating the de_DE.UTF-8 locale"
  if [ ! -f /usr/share/i18n/locales/de_DE ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq locales >&2
  fi
  localedef -i de_DE -f UTF-8 de_DE.UTF-8 >&2
  pg_ctlcluster "$version" "$cluster" stop >&2 2>/dev/null || true
fi
conf_dir="/etc/postgresql/$version/$cluster/conf.d"
desired="wal_level = logical
max_replication_slots = 20
max_wal_senders = 20
listen_addresses = 'localhost'
port = 5432"
if [ ! -f "$conf_dir/cdc.conf" ] || [ "$(cat "$conf_dir/cdc.conf")" != "$desired" ]; then
  log "writing $conf_dir/cdc.conf"
  mkdir -p "$conf_dir"
  printf '%s\n' "$desired" > "$conf_dir/cdc.conf"
  pg_ctlcluster "$version" "$cluster" stop >&2 2>/dev/null || true
fi
if ! pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
  log "starting PostgreSQL $version/$cluster"
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 60); do
  su postgres -c "psql -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
log "ready: $(su postgres -c "psql -qAtc \"SELECT version() || ', wal_level=' || current_setting('wal_level')\"")"
