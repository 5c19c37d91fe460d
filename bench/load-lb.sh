#!/usr/bin/env bash
# Load-balancing cases of the load harness (issue #4 §7): Gatehouse, nginx and HAProxy each balancing
# round-robin over the same three nginx origins on 127.0.0.1, and the same with one origin stopped
# in the middle of the measured run. See bench/README.md ("Three backends").
#
#   bash bench/load-lb.sh [--help]
#
# Per SUT: three fresh origins, the SUT, a check that all three origins answer through it, WARMUP s of
# load (JVM only), one measured steady run ("three"), then one measured run during which origin 2 is
# stopped after half of DURATION ("killed"). wrk's non-2xx/3xx count and socket errors are printed for both.
#
# Environment (defaults in brackets): ROUNDS [1], DURATION [10], WARMUP [20], THREADS [1], CONNECTIONS [64],
# SUTS [gatehouse nginx haproxy], LB_PORT [18180] (origins on +1..+3, gatehouse +4, nginx +5, haproxy +6),
# SUT_CPU [1], LOAD_CPU [0], JVM_OPTS [-Xms512m -Xmx512m -XX:+AlwaysPreTouch], SKIP_BUILD [0], KEEP_TMP [0],
# RESULTS_DIR [bench/results].
# Needs nginx, haproxy, wrk, curl, taskset, java (and mvn unless SKIP_BUILD=1); bench/load.sh installs them.
set -euo pipefail

ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-20}
THREADS=${THREADS:-1}; CONNECTIONS=${CONNECTIONS:-64}
LB_PORT=${LB_PORT:-18180}; SUT_CPU=${SUT_CPU:-1}; LOAD_CPU=${LOAD_CPU:-0}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
SKIP_BUILD=${SKIP_BUILD:-0}; KEEP_TMP=${KEEP_TMP:-0}
read -r -a SUT_LIST <<<"${SUTS:-gatehouse nginx haproxy}"

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$REPO_ROOT/bench/target/benchmarks.jar
RESULTS_DIR=${RESULTS_DIR:-$REPO_ROOT/bench/results}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ ${1:-} == --help || ${1:-} == -h ]] && { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0; }
[[ $# -eq 0 ]] || die "unknown argument '$1' (see --help)"
for v in ROUNDS DURATION WARMUP THREADS CONNECTIONS LB_PORT SUT_CPU LOAD_CPU; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((DURATION >= 2)) || die "DURATION must be at least 2 s (origin 2 is stopped after half of it)"
for sut in "${SUT_LIST[@]}"; do
    case $sut in gatehouse|nginx|haproxy) ;; *) die "unknown SUT '$sut' (known: gatehouse nginx haproxy)" ;; esac
done
for cmd in nginx haproxy wrk curl taskset java; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is missing (bash bench/load.sh installs the tools)"
done

declare -A PORT=([gatehouse]=$((LB_PORT + 4)) [nginx]=$((LB_PORT + 5)) [haproxy]=$((LB_PORT + 6)))
ORIGINS=(1 2 3)
origin_port() { echo $((LB_PORT + $1)); }

# ---------------------------------------------------------------- processes
TMP=$(mktemp -d -t gatehouse-lb.XXXXXX)
declare -A PIDS=()   # name -> pid of what this script started
WRK_PID=""

stop() { # stop NAME: TERM (nginx: fast shutdown, connections closed), then KILL after 5 s
    local pid=${PIDS[$1]:-} i
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PIDS[$1]"
}
cleanup() {
    local rc=$? name
    trap - EXIT INT TERM
    [[ -n $WRK_PID ]] && { kill -TERM "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; }
    for name in "${!PIDS[@]}"; do stop "$name"; done
    ((KEEP_TMP)) && log "temp dir kept: $TMP" || rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

launch() { # launch NAME CPU LOGFILE CMD...: in the background, pinned
    local name=$1 cpu=$2 logfile=$3; shift 3
    taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
    PIDS[$name]=$!
}

wait_http() { # wait_http URL: up to 30 s for a 200
    local i
    for ((i = 0; i < 300; i++)); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true) == 200 ]] && return 0
        sleep 0.1
    done
    return 1
}

# ---------------------------------------------------------------- configs
nginx_head() {
    cat <<EOF
worker_processes 1;
daemon off;
pid $TMP/$1/nginx.pid;
error_log $TMP/$1/error.log warn;
events { worker_connections 4096; }
EOF
}
nginx_http_common() {
    cat <<EOF
    access_log off;
    client_body_temp_path $TMP/$1/body;
    proxy_temp_path $TMP/$1/proxy;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    tcp_nodelay on;
EOF
}
write_configs() {
    local n
    for n in "${ORIGINS[@]}"; do
        mkdir -p "$TMP/origin$n"
        { nginx_head "origin$n"; cat <<EOF
http {
$(nginx_http_common "origin$n")
    server {
        listen 127.0.0.1:$(origin_port "$n");
        location = /small { add_header X-Origin $n; default_type text/plain; return 200 "hello\n"; }
        location / { return 404; }
    }
}
EOF
        } >"$TMP/origin$n.conf"
    done
    mkdir -p "$TMP/nginx"
    # Passive health as nginx does it: a failed connection marks a server down for 10 s (max_fails=1),
    # and proxy_next_upstream (error timeout, the default) retries GETs on the next server.
    { nginx_head nginx; cat <<EOF
http {
$(nginx_http_common nginx)
    upstream backends {
$(for n in "${ORIGINS[@]}"; do echo "        server 127.0.0.1:$(origin_port "$n") max_fails=1 fail_timeout=10s;"; done)
        keepalive 256;
    }
    server {
        listen 127.0.0.1:${PORT[nginx]};
        location / {
            proxy_pass http://backends;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 3;
        }
    }
}
EOF
    } >"$TMP/nginx.conf"
    # HAProxy: retries with redispatch to another server, and "observe layer4" marks a server down after
    # one connection error (plus its active check every second, which is how it comes back).
    cat >"$TMP/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
    http-reuse always
    retries 3
    option redispatch 1
frontend fe
    bind 127.0.0.1:${PORT[haproxy]}
    default_backend be
backend be
    balance roundrobin
$(for n in "${ORIGINS[@]}"; do echo "    server o$n 127.0.0.1:$(origin_port "$n") check inter 1s observe layer4 error-limit 1 on-error mark-down"; done)
EOF
}

start_origin() {
    launch "origin$1" "$LOAD_CPU" "$TMP/origin$1/stdout.log" nginx -c "$TMP/origin$1.conf"
    wait_http "http://127.0.0.1:$(origin_port "$1")/small" || die "origin $1 did not start (see $TMP/origin$1)"
}

start_sut() {
    local sut=$1 urls n
    case $sut in
        gatehouse)
            urls=$(for n in "${ORIGINS[@]}"; do printf 'http://127.0.0.1:%s,' "$(origin_port "$n")"; done)
            # shellcheck disable=SC2086 # JVM_OPTS is a list of flags
            launch gatehouse "$SUT_CPU" "$TMP/gatehouse.log" java $JVM_OPTS -cp "$JAR" \
                io.gatehouse.bench.LoadBalancedProxy "${PORT[gatehouse]}" "${urls%,}" ;;
        nginx) launch nginx "$SUT_CPU" "$TMP/nginx/stdout.log" nginx -c "$TMP/nginx.conf" ;;
        haproxy) launch haproxy "$SUT_CPU" "$TMP/haproxy.log" haproxy -db -f "$TMP/haproxy.cfg" ;;
    esac
    wait_http "http://127.0.0.1:${PORT[$sut]}/small"
}

# Every origin must answer through the SUT: 30 requests, three distinct X-Origin values.
check_balancing() {
    local url=$1 seen
    seen=$(for _ in $(seq 30); do curl -s -D - -o /dev/null --max-time 2 "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-origin"{print $2}'; done | sort | uniq -c | tr '\n' ' ')
    log "  X-Origin counts over 30 requests: $seen"
    [[ $(wc -w <<<"$seen") -eq 6 ]]
}

cat >"$TMP/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "GH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
EOF

run_wrk() { # run_wrk URL SECONDS OUTFILE
    taskset -c "$LOAD_CPU" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency -s "$TMP/report.lua" "$1" >"$3" 2>&1 &
    WRK_PID=$!
    local rc=0
    wait "$WRK_PID" || rc=$?
    WRK_PID=""
    return "$rc"
}
field() { local re="(^| )$1=([0-9]+)"; [[ $2 =~ $re ]] && echo "${BASH_REMATCH[2]}" || echo "?"; }

ROWS=()
record() { # record SUT CASE ROUND WRKOUT
    local line req dur rps
    line=$(grep '^GH_RESULT' "$4" || true)
    [[ -n $line ]] || { ROWS+=("| $1 | $2 | $3 | wrk failed | | | | |"); tail -n 5 "$4" >&2; return; }
    req=$(field requests "$line"); dur=$(field duration_us "$line")
    rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    local sock=$(( $(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field timeout "$line") ))
    ROWS+=("| $1 | $2 | $3 | $rps | $(awk -v u="$(field p50_us "$line")" 'BEGIN{printf "%.2f", u/1000}') | $(awk -v u="$(field p99_us "$line")" 'BEGIN{printf "%.2f", u/1000}') | $(field non2xx "$line") | $sock (connect $(field connect "$line"), read $(field read "$line"), write $(field write "$line"), timeout $(field timeout "$line")) |")
    log "  $2: $rps req/s, non-2xx/3xx $(field non2xx "$line"), socket errors $sock"
}

# ---------------------------------------------------------------- main
if [[ " ${SUT_LIST[*]} " == *" gatehouse "* ]] && ((!SKIP_BUILD)); then
    log "building bench (mvn -q -pl bench -am package -DskipTests)"
    (cd "$REPO_ROOT" && mvn -q -pl bench -am package -DskipTests) >"$TMP/build.log" 2>&1 \
        || { tail -n 30 "$TMP/build.log" >&2; die "the Maven build failed"; }
fi
write_configs
START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= ROUNDS; round++)); do
    for sut in "${SUT_LIST[@]}"; do
        log "round $round: $sut"
        for n in "${ORIGINS[@]}"; do start_origin "$n"; done
        start_sut "$sut" || die "$sut did not start (see $TMP)"
        url="http://127.0.0.1:${PORT[$sut]}/small"
        check_balancing "$url" || die "$sut does not reach all three origins"
        if [[ $sut == gatehouse ]] && ((WARMUP > 0)); then
            run_wrk "$url" "$WARMUP" "$TMP/warmup-$sut-$round.txt" || true
        fi
        sleep 1
        run_wrk "$url" "$DURATION" "$TMP/three-$sut-$round.txt" || true
        record "$sut" three "$round" "$TMP/three-$sut-$round.txt"
        sleep 1
        # Origin 2 goes away (nginx fast shutdown: its connections are closed) half-way through the run.
        ( sleep $((DURATION / 2)); kill -TERM "${PIDS[origin2]}" 2>/dev/null || true ) &
        killer=$!
        run_wrk "$url" "$DURATION" "$TMP/killed-$sut-$round.txt" || true
        wait "$killer" 2>/dev/null || true
        # The case proves something only if origin 2 really went away during the run.
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$(origin_port 2)/small"; then
            die "origin 2 still answers after the killed run"
        fi
        record "$sut" killed "$round" "$TMP/killed-$sut-$round.txt"
        stop "$sut"
        for n in "${ORIGINS[@]}"; do stop "origin$n"; done
    done
done

mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/load-lb-$(date -u +%Y%m%dT%H%M%SZ).md
{
    echo "# Load balancing over three origins ($START)"
    echo
    echo "- Machine: $(nproc) cores, $(uname -sr); load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS, GET /small (6 bytes)"
    echo "- Cases: three = steady balancing over three origins; killed = origin 2 stopped after $((DURATION / 2)) s of the run"
    echo
    echo "| SUT | case | round | req/s | p50 ms | p99 ms | non-2xx/3xx | socket errors |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} | tee "$REPORT"
log "report written to $REPORT"
