#!/usr/bin/env bash
# Stops the engine started by start-dockerd.sh DIR, removes its containers' mounts (the network
# namespace mounts under its exec root) and deletes DIR. Idempotent.
#
#   stop-dockerd.sh [DIR] [--keep-data]   --keep-data stops the engine but keeps DIR (to restart it)
set -uo pipefail

DIR="${1:-${GATEHOUSE_DOCKERD_DIR:-/tmp/gatehouse-dockerd}}"
KEEP="${2:-}"
PIDFILE="$DIR/dockerd.pid"

[ -d "$DIR" ] || exit 0

# The engine runs with live restore: remove the containers first or they outlive it.
if [ "$KEEP" != "--keep-data" ] && [ -S "$DIR/docker.sock" ]; then
  ids="$(timeout 10 docker -H "unix://$DIR/docker.sock" ps -aq 2>/dev/null || true)"
  [ -n "$ids" ] && timeout 30 docker -H "unix://$DIR/docker.sock" rm -f $ids >/dev/null 2>&1 || true
fi

if [ -f "$PIDFILE" ]; then
  PID="$(cat "$PIDFILE")"
  if kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -9 "$PID" 2>/dev/null
  fi
  rm -f "$PIDFILE"
fi

[ "$KEEP" = "--keep-data" ] && exit 0

# Mounts under DIR, deepest first (netns files, overlay mounts, the exec root itself).
REAL="$(cd "$DIR" && pwd -P)"
awk -v d="$REAL" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
done

rm -rf "$DIR"
exit 0
