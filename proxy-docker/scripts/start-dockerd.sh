#!/usr/bin/env bash
# Starts a private Docker engine for the integration tests and prints its socket path.
#
#   start-dockerd.sh [DIR [DOCKERD-OPTION...]]   DIR defaults to $GATEHOUSE_DOCKERD_DIR or /tmp/gatehouse-dockerd
#
# Options after DIR go to dockerd as they are, e.g. a TLS-protected tcp listener next to the socket:
#   start-dockerd.sh DIR -H tcp://127.0.0.1:PORT --tlsverify --tlscacert ca.pem --tlscert cert.pem --tlskey key.pem
#
# Idempotent: when the engine of DIR already answers, prints its socket and exits. The engine has its
# own socket, data root and exec root under DIR, no iptables rules and no bridge, so it touches neither
# the machine's firewall nor another Docker on it. Live restore: containers keep running while the
# engine is stopped and restarted (the tests restart it under a running proxy). Installs Debian's docker.io and busybox-static when
# they are missing and this runs as root. Stop it with stop-dockerd.sh DIR.
set -euo pipefail

DIR="${1:-${GATEHOUSE_DOCKERD_DIR:-/tmp/gatehouse-dockerd}}"
shift || true
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"

log() { echo "start-dockerd: $*" >&2; }

# The Debian docker client may be shadowed by another one on PATH; either speaks to this engine.
docker_cli() { docker -H "unix://$SOCK" "$@"; }

# The test image is a busybox binary alone, so it must be the static build.
missing=()
command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 || missing+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing ${missing[*]} and this is not root: install them first"
    exit 2
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "${missing[@]}" >&2; then
    apt-get update -q >&2
    apt-get install -y -q "${missing[@]}" >&2
  fi
fi

mkdir -p "$DIR"
if [ -S "$SOCK" ] && docker_cli version >/dev/null 2>&1; then
  echo "$SOCK"
  exit 0
fi

# A previous engine of DIR that died: clear what it left before starting again.
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  kill "$(cat "$PIDFILE")" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$SOCK" "$PIDFILE"

# setsid and closed descriptors: the engine outlives this script and holds none of its caller's pipes.
setsid dockerd \
  --iptables=false --ip6tables=false --bridge=none \
  -H "unix://$SOCK" \
  --data-root "$DIR/root" \
  --exec-root "$DIR/exec" \
  --pidfile "$PIDFILE" \
  --live-restore \
  "$@" \
  </dev/null >"$LOG" 2>&1 &

for _ in $(seq 1 300); do
  if [ -S "$SOCK" ] && docker_cli version >/dev/null 2>&1; then
    echo "$SOCK"
    exit 0
  fi
  sleep 0.1
done
log "the engine did not answer within 30 s; the end of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1
