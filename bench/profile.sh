#!/usr/bin/env bash
# Profiles Gatehouse under load with Java Flight Recorder: where the proxy's CPU goes per request.
# Loopback only; bounded by DURATION. Usage: bash bench/profile.sh   (env: DURATION, WARMUP, SIZE, TLS)
# TLS=1 profiles TLS termination (gatehouse-tls of load.sh: self-signed P-256, TLS 1.2, one suite) and
# counts the SUT's TCP connections during the run, so handshakes per connection can be told from record cost.
# KEEP=<file> keeps the samples with their stacks (jfr print, 64 frames deep) for reading what calls a hot frame.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-20}
SIZE=${SIZE:-small}
TLS=${TLS:-0}
ORIGIN_PORT=${ORIGIN_PORT:-18180}
PROXY_PORT=$((ORIGIN_PORT + 1))
for tool in nginx wrk java jfr taskset curl; do
  command -v "$tool" >/dev/null || { echo "profile.sh: $tool is missing (bench/load.sh installs nginx and wrk)"; exit 2; }
done
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl bench -am package -DskipTests)

work=$(mktemp -d)
cleanup() {
  [ -n "${proxy_pid:-}" ] && kill "$proxy_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/logs"
head -c 16384 /dev/zero | tr '\0' 'x' > "$work/large"
cat > "$work/origin.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$ORIGIN_PORT;
    location = /small { return 200 "hello\n"; }
    location = /large { alias $work/large; }
  }
}
CONF
taskset -c 0 nginx -c "$work/origin.conf" -p "$work"

scheme=http
tls_args=()
if [ "$TLS" = 1 ]; then
  scheme=https
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  tls_args=(--tls "$work/cert.pem" "$work/key.pem")
fi
url="$scheme://127.0.0.1:$PROXY_PORT/$SIZE"

taskset -c 1 java -Xms512m -Xmx512m -XX:+UseSerialGC \
  -cp "$jar" io.gatehouse.bench.GatehouseProxy "$PROXY_PORT" "http://127.0.0.1:$ORIGIN_PORT" "${tls_args[@]}" > "$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 100); do curl -sfk "$url" >/dev/null 2>&1 && break; sleep 0.1; done

echo "warming up ${WARMUP}s ..."
taskset -c 0 wrk -t1 -c64 -d"${WARMUP}s" "$url" >/dev/null
jcmd "$proxy_pid" JFR.start name=profile settings=profile filename="$work/profile.jfr" >/dev/null
echo "recording ${DURATION}s under load ..."
taskset -c 0 wrk -t1 -c64 -d"${DURATION}s" --latency "$url" | grep -E "Requests/sec|Latency|99%|requests in" &
wrk_pid=$!
# Distinct client ports seen once a second: 64 throughout means keep-alive holds (no reconnects, no new handshakes).
seen=$work/ports.txt
: > "$seen"
for _ in $(seq "$DURATION"); do
  sleep 1
  ss -tnH "( sport = :$PROXY_PORT )" 2>/dev/null | awk '{print $5}' >> "$seen" || true
done
wait "$wrk_pid"
echo "connections to the proxy during the run: $(sort -u "$seen" | wc -l) distinct (wrk opens 64)"
jcmd "$proxy_pid" JFR.stop name=profile >/dev/null
sleep 1

echo
echo "Top frames (share of CPU samples, self time):"
jfr print --events jdk.ExecutionSample "$work/profile.jfr" \
  | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
  | sort | uniq -c | sort -rn | head -n 25 > "$work/top.txt"
all=$(jfr print --events jdk.ExecutionSample "$work/profile.jfr" | grep -c "stackTrace = \[" || true)
awk -v all="$all" '{n = $1; $1 = ""; printf "%5.1f%%  %s\n", 100 * n / all, $0}' "$work/top.txt"

echo
echo "Samples by area (any frame in the stack):"
jfr print --stack-depth 64 --events jdk.ExecutionSample "$work/profile.jfr" > "$work/samples.txt"
[ -n "${KEEP:-}" ] && cp "$work/samples.txt" "$KEEP"
for area in "sun.security.ssl.SSLEngineImpl\$DelegatedTask" "sun.security.ssl" "io.undertow.protocols.ssl" "io.gatehouse.core.routing" "io.gatehouse.core.proxy" "io.gatehouse.core.service" "io.undertow.server.handlers.proxy" "io.undertow.client" "io.undertow.server.protocol.http" "sun.nio.ch" ; do
  n=$(awk -v a="$area" '/jdk.ExecutionSample/ {if (hit) c++; hit = 0} index($0, a) {hit = 1} END {if (hit) c++; print c + 0}' "$work/samples.txt")
  awk -v n="$n" -v all="$all" -v a="$area" 'BEGIN {printf "%5.1f%%  %s\n", 100 * n / all, a}'
done
