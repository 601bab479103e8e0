#!/usr/bin/env bash
# Provides the MariaDB server the CDC tests read from: installs Debian's mariadb-server when missing,
# configures it for row-based binlog CDC, starts it and creates a TCP user for the tests.
#
# Usage (from .ci/run):   eval "$(bash .ci/mariadb.sh)"
# stdout carries only the `export CDC_TEST_MARIADB_*=...` lines; progress goes to stderr.
set -euo pipefail

PORT="${CDC_TEST_MARIADB_PORT:-3306}"
USER_NAME="${CDC_TEST_MARIADB_USER:-cdc_test}"
USER_PASSWORD="${CDC_TEST_MARIADB_PASSWORD:-cdc_test_pw}"
CONF=/etc/mysql/mariadb.conf.d/90-cdc-toolkit.cnf

log() { echo "[mariadb.sh] $*" >&2; }

if [ ! -x /usr/sbin/mariadbd ]; then
  log "installing mariadb-server (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq mariadb-server mariadb-client >&2
fi

# Row-based binlog with full images is what Debezium's MariaDB connector needs; server_id names this
# server in the replication protocol. Bound to loopback only.
desired="[mysqld]
server_id        = 1
log_bin          = mariadb-bin
binlog_format    = ROW
binlog_row_image = FULL
expire_logs_days = 1
bind-address     = 127.0.0.1
port             = ${PORT}"
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$desired" ]; then
  log "writing $CONF"
  printf '%s\n' "$desired" > "$CONF"
  if service mariadb status >/dev/null 2>&1; then service mariadb stop >&2 || true; fi
fi

if ! service mariadb status >/dev/null 2>&1; then
  log "starting mariadb"
  service mariadb start >&2
fi

for _ in $(seq 1 60); do
  mariadb -uroot -e "SELECT 1" >/dev/null 2>&1 && break
  sleep 1
done
mariadb -uroot -e "SELECT 1" >/dev/null

# The tests create and drop their own databases and users (grant checks), hence ALL ... WITH GRANT OPTION.
# A TCP connection from 127.0.0.1 may be matched as 'localhost' or '127.0.0.1': create both.
for host in localhost 127.0.0.1; do
  mariadb -uroot -e "CREATE USER IF NOT EXISTS '${USER_NAME}'@'${host}' IDENTIFIED BY '${USER_PASSWORD}';
    ALTER USER '${USER_NAME}'@'${host}' IDENTIFIED BY '${USER_PASSWORD}';
    GRANT ALL PRIVILEGES ON *.* TO '${USER_NAME}'@'${host}' WITH GRANT OPTION;"
done
mariadb -uroot -e "FLUSH PRIVILEGES"
log "ready: $(mariadb -uroot -N -e "SELECT CONCAT(VERSION(), ' binlog_format=', @@binlog_format, ' log_bin=', @@log_bin)")"

echo "export CDC_TEST_MARIADB_HOST=127.0.0.1"
echo "export CDC_TEST_MARIADB_PORT=${PORT}"
echo "export CDC_TEST_MARIADB_USER=${USER_NAME}"
echo "export CDC_TEST_MARIADB_PASSWORD=${USER_PASSWORD}"
