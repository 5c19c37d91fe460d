#!/usr/bin/env bash
# Stops the podman service started by start-podman.sh DIR, removes its containers and mounts and
# deletes DIR. Idempotent.
#
#   stop-podman.sh DIR
set -uo pipefail

DIR="$1"
PIDFILE="$DIR/service.pid"
[ -d "$DIR" ] || exit 0
export CONTAINERS_CONF="$DIR/containers.conf" CONTAINERS_STORAGE_CONF="$DIR/storage.conf"

# Containers run under conmon, not under the service: remove them first or they outlive it.
if [ -S "$DIR/podman.sock" ]; then
  timeout 60 podman --url "unix://$DIR/podman.sock" rm -af -t 1 >/dev/null 2>&1 || true
fi
if [ -f "$PIDFILE" ]; then
  PID="$(cat "$PIDFILE")"
  if kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -9 "$PID" 2>/dev/null
  fi
fi
# Without the service (it died): remove what is left through the storage directly.
timeout 60 podman --root "$DIR/root" --runroot "$DIR/run" --tmpdir "$DIR/tmp" --storage-driver vfs \
  rm -af -t 1 >/dev/null 2>&1 || true

REAL="$(cd "$DIR" && pwd -P)"
awk -v d="$REAL" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
done
rm -rf "$DIR"
exit 0
