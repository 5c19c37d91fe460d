#!/usr/bin/env bash
# Starts a private, rootful podman API service (podman's Docker-compatible socket) for the integration
# tests and prints its socket path.
#
#   start-podman.sh DIR
#
# Everything lives under DIR: storage (vfs driver), run root, network configuration, the events log
# and the socket, so nothing of another podman or docker on the machine is used or changed. Installs
# Debian's podman and busybox-static when they are missing and this runs as root. Idempotent: when
# the service of DIR already answers, prints its socket. Stop it with stop-podman.sh DIR.
set -euo pipefail

DIR="$1"
SOCK="$DIR/podman.sock"
PIDFILE="$DIR/service.pid"
LOG="$DIR/service.log"

log() { echo "start-podman: $*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "the tests run podman rootful (no user namespaces here): run as root"
  exit 2
fi
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "${missing[@]}" >&2; then
    apt-get update -q >&2
    apt-get install -y -q "${missing[@]}" >&2
  fi
fi

mkdir -p "$DIR/root" "$DIR/run" "$DIR/tmp" "$DIR/networks" "$DIR/volumes"
cat >"$DIR/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$DIR/root"
runroot = "$DIR/run"
CONF
# Podman's default ulimits (nofile 1048576 ...) are above this machine's hard limits, and raising a
# hard limit needs CAP_SYS_RESOURCE, which a container of a CI runner often lacks: runc then fails
# with "error setting rlimit type 7: operation not permitted". Modest limits, below any hard limit.
cat >"$DIR/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
events_logger = "file"
events_logfile_path = "$DIR/events.log"
cgroup_manager = "cgroupfs"
volume_path = "$DIR/volumes"
[network]
network_config_dir = "$DIR/networks"
CONF
export CONTAINERS_CONF="$DIR/containers.conf" CONTAINERS_STORAGE_CONF="$DIR/storage.conf"

remote() { podman --url "unix://$SOCK" "$@"; }

if [ -S "$SOCK" ] && remote version >/dev/null 2>&1; then
  echo "$SOCK"
  exit 0
fi
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  kill "$(cat "$PIDFILE")" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$SOCK" "$PIDFILE"

# setsid and closed descriptors: the service outlives this script and holds none of its caller's pipes.
setsid podman --root "$DIR/root" --runroot "$DIR/run" --tmpdir "$DIR/tmp" --storage-driver vfs \
  system service --time=0 "unix://$SOCK" </dev/null >"$LOG" 2>&1 &
echo $! >"$PIDFILE"

for _ in $(seq 1 300); do
  if [ -S "$SOCK" ] && remote version >/dev/null 2>&1; then
    echo "$SOCK"
    exit 0
  fi
  sleep 0.1
done
log "the podman service did not answer within 30 s; the end of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1
