#!/usr/bin/env bash
# How much of PostgreSQL's walsender CPU per change is the transport (TCP over the loopback vs the Unix socket),
# with PostgreSQL's own client (pg_recvlogical) and no toolkit code. See docs/performance.md, "The walsender's
# ceiling is partly the loopback's".
#
# Usage (the machine's PostgreSQL from .ci/postgres.sh: localhost:5432, user postgres, password postgres):
#   benchmarks/walsender-transport.sh prepare [rows]   # database walx: the e2e harness's table, a slot, a backlog
#   benchmarks/walsender-transport.sh tcp              # read the backlog over TCP (-h localhost)
#   benchmarks/walsender-transport.sh unix             # read it over the Unix socket (-h /var/run/postgresql)
#   benchmarks/walsender-transport.sh drop             # drop database walx and its slots
# Each read streams a fresh copy of the slot to /dev/null; the walsender's CPU is the postmaster's reaped children's
# time (/proc/<postmaster>/stat cutime + cstime) across the read, so nothing else may use the server meanwhile.
set -euo pipefail
export PGPASSWORD=postgres
DB=walx
PGDATA_PID=/var/lib/postgresql/15/main/postmaster.pid
P="psql -h localhost -U postgres -q -At -v ON_ERROR_STOP=1"

case "${1:-}" in
  prepare)
    rows=${2:-1000000}
    $P -c "CREATE DATABASE $DB"
    $P -d $DB >/dev/null <<'SQL'
CREATE TABLE bench_orders (id bigint PRIMARY KEY, customer text NOT NULL, email varchar(120) NOT NULL,
  amount numeric(12,2) NOT NULL, ordered_at timestamptz NOT NULL, paid boolean NOT NULL, quantity int NOT NULL,
  note text, order_ref uuid NOT NULL, attributes jsonb NOT NULL, status varchar(16) NOT NULL);
CREATE PUBLICATION p FOR TABLE bench_orders;
SELECT 1 FROM pg_create_logical_replication_slot('walx', 'pgoutput');
SQL
    # The harness's rows (benchmarks/.../e2e/OrdersTable.java), in transactions of 1,000.
    $P -d $DB <<SQL
DO \$\$ BEGIN FOR i IN 0..($rows / 1000 - 1) LOOP
INSERT INTO bench_orders SELECT g, 'Customer ' || g, 'customer' || g || '@example.com', ((g * 37) % 1000000) / 100.0,
 timestamptz '2024-01-01 00:00:00+00' + g * interval '1.5 second', g % 2 = 0, (g % 50)::int,
 CASE WHEN g % 3 = 0 THEN NULL ELSE 'gift wrap, deliver after 5 pm (order ' || g || ')' END,
 md5(g::text)::uuid, jsonb_build_object('channel', 'web', 'items', g % 7, 'coupon', g % 11 = 0),
 (ARRAY['new', 'paid', 'shipped', 'delivered'])[(g % 4) + 1]
FROM generate_series(i * 1000 + 1, i * 1000 + 1000) g; COMMIT; END LOOP; END \$\$;
CHECKPOINT;
SQL
    ;;
  tcp|unix)
    end=$($P -d $DB -c "SELECT pg_current_wal_lsn()")
    postmaster=$(head -1 "$PGDATA_PID")
    $P -d $DB -c "SELECT pg_drop_replication_slot('walx_c') FROM pg_replication_slots WHERE slot_name = 'walx_c'" >/dev/null
    $P -d $DB -c "SELECT pg_copy_logical_replication_slot('walx', 'walx_c')" >/dev/null
    changes=$($P -d $DB -c "SELECT count(*) FROM bench_orders")
    ticks() { awk '{print $16 + $17}' "/proc/$postmaster/stat"; }
    if [ "$1" = tcp ]; then host=localhost; else host=/var/run/postgresql; fi
    before=$(ticks); start=$(date +%s.%N)
    # As the postgres OS user: the Unix socket's default authentication is peer.
    su postgres -c "PGPASSWORD=postgres pg_recvlogical -h $host -U postgres -d $DB --slot walx_c --start \
      -o proto_version=1 -o publication_names=p -o binary=true --endpos $end -f /dev/null"
    stop=$(date +%s.%N); sleep 1; after=$(ticks)
    echo "$1: $changes changes, wall $(echo "$stop - $start" | bc) s, walsender CPU $(( after - before )) ticks of 10 ms" \
      "($(echo "scale=1; ($after - $before) * 10000 / $changes" | bc) µs per change)"
    ;;
  drop)
    $P -d $DB -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$DB'" >/dev/null
    $P -c "DROP DATABASE $DB"
    ;;
  *)
    sed -n '2,12p' "$0"; exit 2
    ;;
esac
