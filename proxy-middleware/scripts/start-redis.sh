#!/usr/bin/env bash
# Starts a private redis-server for the tests and prints its port.
#
#   start-redis.sh [DIR [PORT]]   DIR defaults to $GATEHOUSE_REDIS_DIR or /tmp/gatehouse-redis;
#                                 PORT defaults to the one DIR's server already uses, else a free one.
#
# Idempotent: when the server of DIR already answers PING, prints its port and exits. The server
# listens on 127.0.0.1 only, keeps nothing on disk (no RDB snapshots, no AOF) and runs in DIR.
# Installs Debian's redis-server when it is missing and this runs as root. Stop it with
# `redis-cli -p PORT shutdown nosave` or by the pid in DIR/redis.pid.
set -euo pipefail

DIR="${1:-${GATEHOUSE_REDIS_DIR:-/tmp/gatehouse-redis}}"
PORT="${2:-}"
PIDFILE="$DIR/redis.pid"
PORTFILE="$DIR/redis.port"
LOG="$DIR/redis.log"

log() { echo "start-redis: $*" >&2; }

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "redis-server is missing and this is not root: install it first (apt-get install redis-server)"
    exit 2
  fi
  log "installing redis-server"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q redis-server >&2; then
    apt-get update -q >&2
    apt-get install -y -q redis-server >&2
  fi
fi

mkdir -p "$DIR"
answers() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]; }

if [ -z "$PORT" ] && [ -f "$PORTFILE" ]; then
  PORT="$(cat "$PORTFILE")"
fi
if [ -n "$PORT" ] && [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && answers "$PORT"; then
  echo "$PORT"
  exit 0
fi

# A previous server of DIR that does not answer: stop it before starting again.
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  kill "$(cat "$PIDFILE")" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$PIDFILE"

if [ -z "$PORT" ]; then
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000)))"
fi

# setsid and closed descriptors: the server outlives this script and holds none of its caller's pipes.
setsid redis-server --port "$PORT" --bind 127.0.0.1 --daemonize no \
  --save "" --appendonly no --dir "$DIR" --pidfile "$PIDFILE" --logfile "$LOG" \
  </dev/null >/dev/null 2>&1 &
echo "$PORT" >"$PORTFILE"

for _ in $(seq 1 100); do
  if [ -s "$PIDFILE" ] && answers "$PORT"; then
    echo "$PORT"
    exit 0
  fi
  sleep 0.1
done
log "redis-server did not answer on port $PORT within 10 s; the end of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1
