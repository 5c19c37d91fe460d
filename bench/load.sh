#!/usr/bin/env bash
# Load-test harness: Gatehouse against a bare Undertow proxy, nginx and HAProxy, all in front of
# the same nginx origin on 127.0.0.1. See bench/README.md for what is measured and the caveats.
#
#   bash bench/load.sh [--only gatehouse,undertow,nginx,haproxy,gatehouse-chain,gatehouse-cache,gatehouse-tls,nginx-tls] [--help]
#
# The default SUTs are gatehouse, undertow, nginx and haproxy. gatehouse-chain (the same route with five
# typical middlewares: headers, stripPrefix, rateLimit, ipAllowList, basicAuth) and gatehouse-cache (httpCache
# in front, cacheable origin responses) run only when --only names them.
#
# Environment (defaults in brackets): ROUNDS [3], DURATION [10] s per measured run, WARMUP [20] s of
# load before a JVM proxy is measured, THREADS [1] and CONNECTIONS [64] for wrk, WRK_EXTRA [] more wrk
# flags, JVM_OPTS [-Xms512m -Xmx512m -XX:+AlwaysPreTouch], POOL_CONNECTIONS_PER_THREAD [256],
# POOL_SOFT_MAX [200], POOL_MAX_QUEUE [1024], SUT_CPU [1], LOAD_CPU [0], ORIGIN_PORT [18080]
# (the proxies use the next four ports), SIZES [small large], PAUSE [1] s between runs,
# NICE [0] niceness of SUTs, origin and wrk (e.g. -10 on a shared machine, root only),
# SKIP_INSTALL [0], SKIP_BUILD [0], RESULTS_DIR [bench/results], KEEP_TMP [0].
# ORIGIN_PORT + 5 and + 6 are gatehouse-chain's and gatehouse-cache's ports.
#
# Runs as root on Debian (apt installs nginx, haproxy, wrk when missing). Sends traffic only to
# 127.0.0.1, bounds every load run with a duration, and stops everything it started on exit.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

ALL_SUTS=(gatehouse undertow nginx haproxy)
# Measured only when --only names them: Gatehouse with middlewares, compared with plain gatehouse.
# gatehouse-tls and nginx-tls terminate TLS (same certificate, TLS 1.2, one cipher suite) in front of the origin.
EXTRA_SUTS=(gatehouse-chain gatehouse-cache gatehouse-tls nginx-tls)
KNOWN_SUTS=("${ALL_SUTS[@]}" "${EXTRA_SUTS[@]}")
# gatehouse-chain's basicAuth user: TypicalChain.USER / TypicalChain.PASSWORD in the bench module.
CHAIN_AUTHORIZATION="Basic $(printf '%s' 'bench:bench-password' | base64)"
SMALL_BODY=$'hello\n'
LARGE_BYTES=16384

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-64}
WRK_EXTRA=${WRK_EXTRA:-}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
POOL_CONNECTIONS_PER_THREAD=${POOL_CONNECTIONS_PER_THREAD:-256}
POOL_SOFT_MAX=${POOL_SOFT_MAX:-200}
POOL_MAX_QUEUE=${POOL_MAX_QUEUE:-1024}
SUT_CPU=${SUT_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
ORIGIN_PORT=${ORIGIN_PORT:-18080}
SIZES=${SIZES:-small large}
PAUSE=${PAUSE:-1}
NICE=${NICE:-0}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
RESULTS_DIR=${RESULTS_DIR:-$REPO_ROOT/bench/results}
READY_TIMEOUT=60
JAR=$REPO_ROOT/bench/target/benchmarks.jar

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

# ---------------------------------------------------------------- arguments
SUTS=("${ALL_SUTS[@]}")
while (($#)); do
    case "$1" in
        --only)
            [[ $# -ge 2 ]] || die "--only needs a list, e.g. --only gatehouse,undertow"
            only=$2; shift 2 ;;
        --only=*)
            only=${1#--only=}; shift ;;
        -h|--help)
            usage; exit 0 ;;
        *)
            die "unknown argument '$1' (try --help)" ;;
    esac
    SUTS=()
    IFS=',' read -r -a wanted <<<"$only"
    for w in "${wanted[@]}"; do
        w=${w// /}
        [[ -z $w ]] && continue
        case " ${KNOWN_SUTS[*]} " in
            *" $w "*) SUTS+=("$w") ;;
            *) die "unknown SUT '$w' in --only (known: ${KNOWN_SUTS[*]})" ;;
        esac
    done
    ((${#SUTS[@]})) || die "--only selected no SUT"
done

for var in ROUNDS DURATION WARMUP THREADS CONNECTIONS POOL_CONNECTIONS_PER_THREAD POOL_SOFT_MAX \
           POOL_MAX_QUEUE SUT_CPU LOAD_CPU ORIGIN_PORT PAUSE; do
    [[ ${!var} =~ ^[0-9]+$ ]] || die "$var must be a whole number, got '${!var}'"
done
if ! [[ $NICE =~ ^-?[0-9]+$ ]] || ((NICE < -20 || NICE > 19)); then
    die "NICE must be a whole number in [-20, 19], got '$NICE'"
fi
((ROUNDS >= 1)) || die "ROUNDS must be at least 1"
((DURATION >= 1)) || die "DURATION must be at least 1 (every run is bounded)"
((THREADS >= 1 && CONNECTIONS >= THREADS)) || die "need THREADS >= 1 and CONNECTIONS >= THREADS"
((ORIGIN_PORT >= 1024 && ORIGIN_PORT <= 65530)) || die "ORIGIN_PORT must be in [1024, 65530]"
read -r -a SIZE_LIST <<<"$SIZES"
for s in "${SIZE_LIST[@]}"; do
    [[ $s == small || $s == large ]] || die "SIZES may contain only 'small' and 'large', got '$s'"
done
((${#SIZE_LIST[@]})) || die "SIZES is empty"

CORES=$(nproc)
if ((SUT_CPU >= CORES || LOAD_CPU >= CORES)); then
    log "WARNING: only $CORES core(s); pinning everything to core 0 (results will not separate SUT from load)"
    SUT_CPU=0
    LOAD_CPU=0
fi

declare -A PORT=([gatehouse]=$((ORIGIN_PORT + 1)) [undertow]=$((ORIGIN_PORT + 2))
                 [nginx]=$((ORIGIN_PORT + 3)) [haproxy]=$((ORIGIN_PORT + 4))
                 [gatehouse-chain]=$((ORIGIN_PORT + 5)) [gatehouse-cache]=$((ORIGIN_PORT + 6))
                 [gatehouse-tls]=$((ORIGIN_PORT + 7)) [nginx-tls]=$((ORIGIN_PORT + 8)))
declare -A IS_JVM=([gatehouse]=1 [undertow]=1 [nginx]=0 [haproxy]=0 [gatehouse-chain]=1 [gatehouse-cache]=1
                   [gatehouse-tls]=1 [nginx-tls]=0)
declare -A MAIN_CLASS=([gatehouse]=io.gatehouse.bench.GatehouseProxy [undertow]=io.gatehouse.bench.BareUndertowProxy
                       [gatehouse-chain]=io.gatehouse.bench.GatehouseProxy [gatehouse-cache]=io.gatehouse.bench.GatehouseProxy
                       [gatehouse-tls]=io.gatehouse.bench.GatehouseProxy)
# Scheme of a SUT's clients: the TLS SUTs are measured over HTTPS (curl -k; wrk does not verify certificates).
declare -A SCHEME=([gatehouse-tls]=https [nginx-tls]=https)
# The TLS case: TLS 1.2 with ECDHE-ECDSA-AES128-GCM-SHA256 (Go/Traefik name TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
# on both, and one self-signed P-256 certificate made by openssl in the temp dir.
TLS_OPENSSL_CIPHER=ECDHE-ECDSA-AES128-GCM-SHA256
# Path prefix a SUT's clients put before /small and /large: gatehouse-chain strips /app again; the origin
# answers /cached/... with Cache-Control: public, max-age=3600 (the plain paths stay uncacheable for the others).
declare -A PATH_PREFIX=([gatehouse-chain]=/app [gatehouse-cache]=/cached)
# Extra request header of a SUT's clients (curl and wrk).
declare -A REQUEST_HEADER=([gatehouse-chain]="Authorization: $CHAIN_AUTHORIZATION")
declare -A UNAVAILABLE=()   # SUT -> reason

# ---------------------------------------------------------------- cleanup
TMP=""
STARTED_PIDS=()
WRK_PID=""

# Prints a process and all its descendants (nginx master + workers, a JVM, haproxy).
proc_tree() {
    local pid=$1 child
    [[ -d /proc/$pid ]] || return 0
    echo "$pid"
    # shellcheck disable=SC2013 # the file is a space-separated list of pids
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
        proc_tree "$child"
    done
}

kill_tree() {
    local pid=$1 pids p i
    pids=$(proc_tree "$pid")
    [[ -n $pids ]] || return 0
    for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
    for ((i = 0; i < 50; i++)); do
        local alive=0
        for p in $pids; do [[ -d /proc/$p ]] && ! grep -q '^State:.*Z' /proc/"$p"/status 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.1
    done
    for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -n $WRK_PID ]] && kill_tree "$WRK_PID"
    local i
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        kill_tree "${STARTED_PIDS[i]}"
    done
    [[ -n $TMP && -d $TMP && ${KEEP_TMP:-0} != 1 ]] && rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- tools
need_install() {
    local cmd missing=()
    for cmd in nginx haproxy wrk curl openssl taskset java mvn; do
        command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]] || missing+=("$cmd")
    done
    echo "${missing[*]}"
}

# The first of the given package names that apt can install.
first_installable() {
    local pkg
    for pkg in "$@"; do
        # Read the whole answer first: grep -q closing the pipe early would fail under pipefail.
        if [[ $(apt-cache policy "$pkg" 2>/dev/null) =~ Candidate:\ [0-9] ]]; then
            echo "$pkg"
            return 0
        fi
    done
    return 1
}

install_tools() {
    local missing pkgs=() cmd pkg
    missing=$(need_install)
    if [[ -z $missing ]]; then
        log "tools present: nginx haproxy wrk curl openssl taskset java mvn"
        return 0
    fi
    ((SKIP_INSTALL == 0)) || die "missing tools ($missing) and SKIP_INSTALL=1"
    [[ $(id -u) == 0 ]] || die "missing tools ($missing); run as root so apt-get can install them"
    command -v apt-get >/dev/null || die "missing tools ($missing) and no apt-get"
    log "installing missing tools: $missing"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    for cmd in $missing; do
        case $cmd in
            nginx)   pkg=$(first_installable nginx-light nginx) ;;
            haproxy) pkg=$(first_installable haproxy) ;;
            wrk)     pkg=$(first_installable wrk) ;;
            curl)    pkg=$(first_installable curl) ;;
            openssl) pkg=$(first_installable openssl) ;;
            taskset) pkg=$(first_installable util-linux) ;;
            java)    pkg=$(first_installable openjdk-17-jdk-headless default-jdk-headless) ;;
            mvn)     pkg=$(first_installable maven) ;;
        esac || die "no apt package found for '$cmd'"
        pkgs+=("$pkg")
    done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null
    missing=$(need_install)
    [[ -z $missing ]] || die "still missing after apt-get install: $missing"
}

# ---------------------------------------------------------------- build
build_java() {
    if ((SKIP_BUILD)); then
        log "SKIP_BUILD=1: using the existing $JAR"
        return 0
    fi
    log "building bench (mvn -q -pl bench -am package -DskipTests)"
    if ! (cd "$REPO_ROOT" && mvn -q -pl bench -am package -DskipTests) >"$TMP/build.log" 2>&1; then
        tail -n 30 "$TMP/build.log" >&2
        log "WARNING: the Maven build failed; the JVM SUTs are not available in this run"
        rm -f "$JAR"
    fi
}

jar_has_class() {
    local entry=${1//.//}.class
    if command -v jar >/dev/null 2>&1; then
        jar tf "$JAR" 2>/dev/null | grep -x "$entry" >/dev/null
    elif command -v unzip >/dev/null 2>&1; then
        unzip -Z1 "$JAR" 2>/dev/null | grep -x "$entry" >/dev/null
    else
        return 0  # cannot look inside: let the start attempt decide
    fi
}

check_availability() {
    local sut
    for sut in "${SUTS[@]}"; do
        if ((IS_JVM[$sut])); then
            if [[ ! -f $JAR ]]; then
                UNAVAILABLE[$sut]="jar $JAR missing"
            elif ! jar_has_class "${MAIN_CLASS[$sut]}"; then
                UNAVAILABLE[$sut]="class ${MAIN_CLASS[$sut]} not in the jar"
            fi
        fi
        if [[ -n ${UNAVAILABLE[$sut]:-} ]]; then
            log "SUT $sut: not available (${UNAVAILABLE[$sut]})"
        fi
    done
}

# ---------------------------------------------------------------- ports, configs, processes
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

check_ports() {
    local p
    for p in "$ORIGIN_PORT" "${PORT[@]}"; do
        ! port_in_use "$p" || die "port $p on 127.0.0.1 is already in use (set ORIGIN_PORT to move all seven ports)"
    done
}

# Common nginx bits: private pid, logs and temp dirs under $TMP/<name>, never the system ones.
nginx_head() {
    local name=$1
    cat <<EOF
worker_processes 1;
daemon off;
pid $TMP/$name/nginx.pid;
error_log $TMP/$name/error.log warn;
events { worker_connections 4096; }
EOF
}

nginx_http_common() {
    local name=$1
    cat <<EOF
    access_log off;
    client_body_temp_path $TMP/$name/body;
    proxy_temp_path $TMP/$name/proxy;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    tcp_nodelay on;
EOF
}

write_origin_config() {
    mkdir -p "$TMP/origin/html"
    head -c "$LARGE_BYTES" /dev/zero | tr '\0' 'x' >"$TMP/origin/html/large.bin"
    chmod -R a+rX "$TMP/origin"
    {
        nginx_head origin
        cat <<EOF
http {
$(nginx_http_common origin)
    sendfile on;
    open_file_cache max=16 inactive=600s;
    open_file_cache_valid 600s;
    server {
        listen 127.0.0.1:$ORIGIN_PORT;
        location = /small { default_type text/plain; return 200 "hello\n"; }
        location = /large { default_type application/octet-stream; alias $TMP/origin/html/large.bin; }
        # The same bodies, cacheable, for gatehouse-cache only.
        location = /cached/small {
            add_header Cache-Control "public, max-age=3600" always;
            default_type text/plain; return 200 "hello\n";
        }
        location = /cached/large {
            add_header Cache-Control "public, max-age=3600" always;
            default_type application/octet-stream; alias $TMP/origin/html/large.bin;
        }
        location / { return 404; }
    }
}
EOF
    } >"$TMP/origin.conf"
}

# write_nginx_sut_config [nginx | nginx-tls]: the nginx proxy, plain or terminating TLS.
write_nginx_sut_config() {
    local name=${1:-nginx} listen tls=""
    mkdir -p "$TMP/$name"
    listen="127.0.0.1:${PORT[$name]}"
    if [[ $name == nginx-tls ]]; then
        listen="$listen ssl"
        tls="
        ssl_certificate $TMP/tls/cert.pem;
        ssl_certificate_key $TMP/tls/key.pem;
        ssl_protocols TLSv1.2;
        ssl_ciphers $TLS_OPENSSL_CIPHER;"
    fi
    {
        nginx_head "$name"
        cat <<EOF
http {
$(nginx_http_common "$name")
    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen $listen;$tls
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    } >"$TMP/$name.conf"
}

# The TLS SUTs' certificate: self-signed P-256 for localhost, made once per run.
write_tls_material() {
    [[ -s $TMP/tls/cert.pem ]] && return 0
    mkdir -p "$TMP/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
        -keyout "$TMP/tls/key.pem" -out "$TMP/tls/cert.pem" 2>"$TMP/tls/openssl.log" \
        || die "openssl could not make the TLS certificate (see $TMP/tls/openssl.log)"
}

write_haproxy_config() {
    mkdir -p "$TMP/haproxy"
    # No 'log' line anywhere: HAProxy logs nothing.
    cat >"$TMP/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 4096
    pidfile $TMP/haproxy/haproxy.pid

defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 60s

frontend web
    bind 127.0.0.1:${PORT[haproxy]}
    default_backend origin

backend origin
    server origin 127.0.0.1:$ORIGIN_PORT
EOF
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }
haproxy_bin() { command -v haproxy 2>/dev/null || echo /usr/sbin/haproxy; }

# Starts "$@" pinned to a core in the background; sets LAST_PID (taskset execs, so it is the server's pid).
launch() {
    local cpu=$1 logfile=$2
    shift 2
    nice -n "$NICE" taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
}

# curl_args SUT: the extra curl arguments of a SUT's clients (none for the origin or a plain proxy).
curl_args() {
    local header
    header=$(header_of "${1:-}")
    [[ -n $header ]] && printf '%s\n' -H "$header"
    [[ -n ${1:-} && ${SCHEME[$1]:-} == https ]] && printf '%s\n' -k
    return 0
}

# prefix_of SUT / header_of SUT: its PATH_PREFIX / REQUEST_HEADER, empty for none (or no SUT).
prefix_of() { [[ -n ${1:-} ]] && printf '%s' "${PATH_PREFIX[$1]:-}"; return 0; }
header_of() { [[ -n ${1:-} ]] && printf '%s' "${REQUEST_HEADER[$1]:-}"; return 0; }
# url_of PORT [SUT]: the base URL a SUT's clients use.
url_of() { printf '%s://127.0.0.1:%s' "${SCHEME[${2:-none}]:-http}" "$1"; }

# wait_ready PID PORT LOGFILE [SUT]
wait_ready() {
    local pid=$1 port=$2 logfile=$3 sut=${4:-} i code prefix
    prefix=$(prefix_of "$sut")
    local -a extra=()
    mapfile -t extra < <(curl_args "$sut")
    for ((i = 0; i < READY_TIMEOUT * 5; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "process $pid exited during start-up; last lines of $logfile:"
            tail -n 15 "$logfile" >&2 || true
            return 1
        fi
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${extra[@]}" "$(url_of "$port" "$sut")$prefix/small" || true)
        [[ $code == 200 ]] && return 0
        sleep 0.2
    done
    log "nothing answered 200 on 127.0.0.1:$port within ${READY_TIMEOUT}s; last lines of $logfile:"
    tail -n 15 "$logfile" >&2 || true
    return 1
}

# Both endpoints must answer with exactly the expected bodies through the proxy.
# check_bodies PORT [SUT]
check_bodies() {
    local port=$1 sut=${2:-} small large_size prefix
    prefix=$(prefix_of "$sut")
    local -a extra=()
    mapfile -t extra < <(curl_args "$sut")
    small=$(curl -s --max-time 5 "${extra[@]}" "$(url_of "$port" "$sut")$prefix/small"; echo x)
    [[ ${small%x} == "$SMALL_BODY" ]] || { log "$prefix/small via port $port returned '${small%x}'"; return 1; }
    large_size=$(curl -s --max-time 5 -o /dev/null -w '%{size_download}' "${extra[@]}" "$(url_of "$port" "$sut")$prefix/large")
    [[ $large_size == "$LARGE_BYTES" ]] || { log "$prefix/large via port $port returned $large_size bytes"; return 1; }
    if [[ $sut == gatehouse-chain ]]; then
        # Without credentials basicAuth must refuse: proves the chain is really in place.
        local denied
        denied=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$prefix/small")
        [[ $denied == 401 ]] || { log "gatehouse-chain answered $denied without credentials (expected 401)"; return 1; }
    fi
    if [[ $sut == gatehouse-cache ]]; then
        # The previous request stored it: this one must be a hit.
        local status
        status=$(curl -s -o /dev/null -D - --max-time 5 "http://127.0.0.1:$port$prefix/small" | tr -d '\r' \
            | awk 'tolower($1) == "cache-status:" { $1 = ""; print substr($0, 2) }')
        [[ $status == *hit* ]] || { log "gatehouse-cache: second $prefix/small has Cache-Status '$status' (expected a hit)"; return 1; }
        log "  gatehouse-cache: $prefix/small Cache-Status: $status"
    fi
    if [[ -n $sut && ${SCHEME[$sut]:-} == https ]]; then
        # Both TLS SUTs must negotiate the same protocol and cipher suite.
        local negotiated
        negotiated=$(openssl s_client -connect "127.0.0.1:$port" -servername localhost </dev/null 2>/dev/null \
            | awk '/^ *Protocol *:/ { p = $3 } /^ *Cipher *:/ { c = $3 } END { print p " " c }')
        [[ $negotiated == "TLSv1.2 $TLS_OPENSSL_CIPHER" ]] \
            || { log "$sut negotiated '$negotiated' (expected TLSv1.2 $TLS_OPENSSL_CIPHER)"; return 1; }
        log "  $sut: $negotiated"
    fi
}

start_origin() {
    write_origin_config
    launch "$LOAD_CPU" "$TMP/origin.out" "$(nginx_bin)" -c "$TMP/origin.conf" -p "$TMP" -e "$TMP/origin/error.log"
    ORIGIN_PID=$LAST_PID
    wait_ready "$ORIGIN_PID" "$ORIGIN_PORT" "$TMP/origin.out" || die "the origin nginx did not start"
    check_bodies "$ORIGIN_PORT" || die "the origin serves wrong bodies"
    log "origin nginx (pid $ORIGIN_PID, core $LOAD_CPU) on 127.0.0.1:$ORIGIN_PORT: /small = 6 B, /large = $LARGE_BYTES B"
}

# Starts a SUT; sets SUT_PID. Returns 1 (after logging why) if it does not come up healthy.
start_sut() {
    local sut=$1 port=${PORT[$1]} logfile=$TMP/$1.out origin="http://127.0.0.1:$ORIGIN_PORT"
    # shellcheck disable=SC2086 # JVM_OPTS is a list of flags
    case $sut in
        undertow)
            launch "$SUT_CPU" "$logfile" java $JVM_OPTS -cp "$JAR" "${MAIN_CLASS[undertow]}" "$port" "$origin" \
                --connectionsPerThread "$POOL_CONNECTIONS_PER_THREAD" --softMax "$POOL_SOFT_MAX" \
                --maxQueueSize "$POOL_MAX_QUEUE" ;;
        gatehouse)
            launch "$SUT_CPU" "$logfile" java $JVM_OPTS -cp "$JAR" "${MAIN_CLASS[gatehouse]}" "$port" "$origin" ;;
        gatehouse-chain)
            launch "$SUT_CPU" "$logfile" java $JVM_OPTS -cp "$JAR" "${MAIN_CLASS[$sut]}" "$port" "$origin" --chain ;;
        gatehouse-cache)
            launch "$SUT_CPU" "$logfile" java $JVM_OPTS -cp "$JAR" "${MAIN_CLASS[$sut]}" "$port" "$origin" --cache ;;
        gatehouse-tls)
            write_tls_material
            launch "$SUT_CPU" "$logfile" java $JVM_OPTS -cp "$JAR" "${MAIN_CLASS[$sut]}" "$port" "$origin" \
                --tls "$TMP/tls/cert.pem" "$TMP/tls/key.pem" ;;
        nginx-tls)
            write_tls_material
            write_nginx_sut_config nginx-tls
            launch "$SUT_CPU" "$logfile" "$(nginx_bin)" -c "$TMP/nginx-tls.conf" -p "$TMP" -e "$TMP/nginx-tls/error.log" ;;
        nginx)
            write_nginx_sut_config
            launch "$SUT_CPU" "$logfile" "$(nginx_bin)" -c "$TMP/nginx.conf" -p "$TMP" -e "$TMP/nginx/error.log" ;;
        haproxy)
            write_haproxy_config
            launch "$SUT_CPU" "$logfile" "$(haproxy_bin)" -db -f "$TMP/haproxy.cfg" ;;
    esac
    SUT_PID=$LAST_PID
    if ! wait_ready "$SUT_PID" "$port" "$logfile" "$sut" || ! check_bodies "$port" "$sut"; then
        stop_sut "$SUT_PID"
        return 1
    fi
}

stop_sut() {
    kill_tree "$1"
    forget_pid "$1"
}

# A stopped pid leaves the cleanup list, so a later reuse of the number is never killed by us.
forget_pid() {
    local -a kept=()
    local p
    for p in "${STARTED_PIDS[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
    STARTED_PIDS=("${kept[@]}")
}

# ---------------------------------------------------------------- measuring
# utime + stime in clock ticks of a process and all its descendants.
tree_ticks() {
    local total=0 p stat
    local -a f
    for p in $(proc_tree "$1"); do
        stat=$(cat /proc/"$p"/stat 2>/dev/null) || continue
        stat=${stat##*) }          # drop "pid (comm) ", comm may hold spaces
        read -r -a f <<<"$stat"    # f[0] is field 3 (state): utime is field 14, stime field 15
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

# "busy total" jiffies of one core from /proc/stat.
core_jiffies() {
    awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

write_wrk_script() {
    cat >"$TMP/report.lua" <<'EOF'
-- Machine-readable summary next to wrk's own --latency report.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "GH_RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
EOF
}

# run_wrk URL SECONDS OUTFILE [SUT]: one bounded wrk run on the load core, with the SUT's extra header.
run_wrk() {
    local url=$1 seconds=$2 out=$3 rc=0 header
    header=$(header_of "${4:-}")
    local -a extra=()
    [[ -n $header ]] && extra=(-H "$header")
    # shellcheck disable=SC2086 # WRK_EXTRA is a list of flags
    timeout --kill-after=5 $((seconds + 30)) nice -n "$NICE" taskset -c "$LOAD_CPU" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$TMP/report.lua" "${extra[@]}" $WRK_EXTRA "$url" \
        >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || rc=$?
    WRK_PID=""
    return "$rc"
}

field() { # field NAME LINE
    local re="(^| )$1=([0-9]+)"
    [[ $2 =~ $re ]] && echo "${BASH_REMATCH[2]}" || echo ""
}

RESULTS_TSV=""  # round sut size rps p50_ms p99_ms requests non2xx socket_errors cpu_us_per_req sut_cpu_pct core_load_pct core_sut_pct

measure() {
    local round=$1 sut=$2 size=$3 pid=$4
    local out="$TMP/run-r$round-$sut-$size.txt" url="$(url_of "${PORT[$sut]}" "$sut")$(prefix_of "$sut")/$size"
    local t0 t1 l0 l1 s0 s1 line
    t0=$(tree_ticks "$pid"); l0=$(core_jiffies "$LOAD_CPU"); s0=$(core_jiffies "$SUT_CPU")
    if ! run_wrk "$url" "$DURATION" "$out" "$sut"; then
        log "  wrk failed for $sut/$size (see below)"; tail -n 5 "$out" >&2 || true
    fi
    t1=$(tree_ticks "$pid"); l1=$(core_jiffies "$LOAD_CPU"); s1=$(core_jiffies "$SUT_CPU")
    line=$(grep '^GH_RESULT' "$out" || true)
    if [[ -z $line ]]; then
        log "  $sut/$size round $round: no result from wrk"
        printf '%s\t%s\t%s\tNA\tNA\tNA\t0\tNA\tNA\tNA\tNA\tNA\tNA\n' "$round" "$sut" "$size" >>"$RESULTS_TSV"
        return
    fi
    local requests duration p50 p99 status sockerr
    requests=$(field requests "$line"); duration=$(field duration_us "$line")
    p50=$(field p50_us "$line"); p99=$(field p99_us "$line"); status=$(field status "$line")
    sockerr=$(($(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field timeout "$line")))
    local row
    row=$(awk -v r="$round" -v sut="$sut" -v size="$size" -v req="$requests" -v dur="$duration" \
        -v p50="$p50" -v p99="$p99" -v st="$status" -v se="$sockerr" -v ticks=$((t1 - t0)) \
        -v hz="$CLK_TCK" -v l="$l0 $l1" -v s="$s0 $s1" 'BEGIN {
            split(l, L, " "); split(s, S, " ")
            rps = dur > 0 ? req / (dur / 1e6) : 0
            cpu_us = ticks * 1e6 / hz
            per_req = req > 0 ? sprintf("%.2f", cpu_us / req) : "NA"
            sut_pct = dur > 0 ? sprintf("%.0f", 100 * cpu_us / dur) : "NA"
            lp = (L[4] - L[2]) > 0 ? sprintf("%.0f", 100 * (L[3] - L[1]) / (L[4] - L[2])) : "NA"
            sp = (S[4] - S[2]) > 0 ? sprintf("%.0f", 100 * (S[3] - S[1]) / (S[4] - S[2])) : "NA"
            printf "%s\t%s\t%s\t%.0f\t%.3f\t%.3f\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n",
                r, sut, size, rps, p50 / 1000, p99 / 1000, req, st, se, per_req, sut_pct, lp, sp
        }')
    printf '%s\n' "$row" >>"$RESULTS_TSV"
    local -a c
    IFS=$'\t' read -r -a c <<<"$row"
    log "  $(printf '%-15s %-5s %9s req/s  p50 %8s ms  p99 %8s ms  cpu %6s us/req  sut %3s%%  core%s %3s%%  core%s %3s%%' \
        "$sut" "$size" "${c[3]}" "${c[4]}" "${c[5]}" "${c[9]}" "${c[10]}" "$LOAD_CPU" "${c[11]}" "$SUT_CPU" "${c[12]}")"
    if ((status + sockerr > 0)); then
        log "  !! $sut/$size round $round had errors: non-2xx/3xx=$status socket errors=$sockerr ($(grep -E 'Socket errors|Non-2xx' "$out" | tr -s ' ' | paste -sd';' -))"
    fi
}

warm_up() {
    local sut=$1 n=${#SIZE_LIST[@]} size seconds
    ((WARMUP > 0)) || return 0
    seconds=$(((WARMUP + n - 1) / n))
    log "  warming up $sut: ${seconds}s per size (${SIZE_LIST[*]})"
    for size in "${SIZE_LIST[@]}"; do
        run_wrk "$(url_of "${PORT[$sut]}" "$sut")$(prefix_of "$sut")/$size" "$seconds" "$TMP/warmup-$sut-$size.txt" "$sut" || true
    done
}

# ---------------------------------------------------------------- report
median() { # reads numbers on stdin, ignores NA
    { grep -v '^NA$' || true; } | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "NA"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

column_of() { # column_of SUT SIZE COLUMN_INDEX(1-based)
    awk -F'\t' -v sut="$1" -v size="$2" -v c="$3" '$2 == sut && $3 == size { print $c }' "$RESULTS_TSV"
}

ratio() { # ratio A B -> A/B with two decimals or n/a
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

fmt() { awk -v v="$1" -v d="$2" 'BEGIN { if (v == "NA" || v == "") print "NA"; else printf "%.*f", d, v }'; }

build_report() {
    local size sut
    declare -A RPS P50 P99 CPU ERR FLAGGED
    for size in "${SIZE_LIST[@]}"; do
        for sut in "${SUTS[@]}"; do
            [[ -n ${UNAVAILABLE[$sut]:-} ]] && continue
            RPS[$sut.$size]=$(column_of "$sut" "$size" 4 | median)
            P50[$sut.$size]=$(column_of "$sut" "$size" 5 | median)
            P99[$sut.$size]=$(column_of "$sut" "$size" 6 | median)
            CPU[$sut.$size]=$(column_of "$sut" "$size" 10 | median)
            ERR[$sut.$size]=$(awk -F'\t' -v sut="$sut" -v size="$size" \
                '$2 == sut && $3 == size { e += $8 + $9 } END { print e + 0 }' "$RESULTS_TSV")
            FLAGGED[$sut.$size]=$(awk -F'\t' -v sut="$sut" -v size="$size" \
                '$2 == sut && $3 == size && ($8 + $9 > 0 || $4 == "NA") { n++ } END { print n + 0 }' "$RESULTS_TSV")
        done
    done

    echo "# Load test $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- Machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), kernel $(uname -r)"
    echo "- Load average at start: $LOADAVG_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Pinning: wrk and origin on core $LOAD_CPU, each SUT on core $SUT_CPU; niceness $NICE"
    echo "- wrk: -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency $WRK_EXTRA; rounds: $ROUNDS; warm-up (JVM): ${WARMUP}s"
    echo "- JVM: $JVM_OPTS; pool connectionsPerThread=$POOL_CONNECTIONS_PER_THREAD softMax=$POOL_SOFT_MAX maxQueueSize=$POOL_MAX_QUEUE"
    echo "- Versions: $VERSIONS"
    [[ -n $GIT_REV ]] && echo "- Commit: $GIT_REV"
    for sut in "${SUTS[@]}"; do
        [[ -n ${UNAVAILABLE[$sut]:-} ]] && echo "- **$sut: not available** (${UNAVAILABLE[$sut]})"
    done
    echo
    echo "Medians over the rounds. CPU = SUT process CPU (utime+stime, all its processes) per request."
    echo "Ratios are req/s of the row's SUT divided by req/s of nginx / undertow (CPU ratio: per-request CPU vs nginx)."
    echo
    echo "| size | SUT | req/s | p50 ms | p99 ms | CPU us/req | errors | req/s vs nginx | req/s vs undertow | CPU/req vs nginx |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for size in "${SIZE_LIST[@]}"; do
        for sut in "${SUTS[@]}"; do
            if [[ -n ${UNAVAILABLE[$sut]:-} ]]; then
                echo "| $size | $sut | not available | | | | | | | |"
                continue
            fi
            local errs=${ERR[$sut.$size]}
            ((FLAGGED[$sut.$size] > 0)) && errs="**$errs** (${FLAGGED[$sut.$size]} run(s) flagged)"
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$size" "$sut" \
                "$(fmt "${RPS[$sut.$size]}" 0)" "$(fmt "${P50[$sut.$size]}" 3)" "$(fmt "${P99[$sut.$size]}" 3)" \
                "$(fmt "${CPU[$sut.$size]}" 2)" "$errs" \
                "$(ratio "${RPS[$sut.$size]}" "${RPS[nginx.$size]:-NA}")" \
                "$(ratio "${RPS[$sut.$size]}" "${RPS[undertow.$size]:-NA}")" \
                "$(ratio "${CPU[$sut.$size]}" "${CPU[nginx.$size]:-NA}")"
        done
    done
    echo
    for size in "${SIZE_LIST[@]}"; do
        [[ -n ${RPS[nginx.$size]:-}${RPS[undertow.$size]:-} ]] || continue
        echo "- $size, req/s ratios: gatehouse/undertow $(ratio "${RPS[gatehouse.$size]:-NA}" "${RPS[undertow.$size]:-NA}")," \
            "gatehouse/nginx $(ratio "${RPS[gatehouse.$size]:-NA}" "${RPS[nginx.$size]:-NA}")," \
            "undertow/nginx $(ratio "${RPS[undertow.$size]:-NA}" "${RPS[nginx.$size]:-NA}");" \
            "CPU/req ratios: gatehouse/undertow $(ratio "${CPU[gatehouse.$size]:-NA}" "${CPU[undertow.$size]:-NA}")," \
            "undertow/nginx $(ratio "${CPU[undertow.$size]:-NA}" "${CPU[nginx.$size]:-NA}")"
    done
    for size in "${SIZE_LIST[@]}"; do
        if [[ -n ${RPS[gatehouse-tls.$size]:-}${RPS[nginx-tls.$size]:-} ]]; then
            echo "- $size, TLS: req/s gatehouse-tls/nginx-tls $(ratio "${RPS[gatehouse-tls.$size]:-NA}" "${RPS[nginx-tls.$size]:-NA}")," \
                "gatehouse-tls/gatehouse $(ratio "${RPS[gatehouse-tls.$size]:-NA}" "${RPS[gatehouse.$size]:-NA}");" \
                "CPU/req gatehouse-tls/nginx-tls $(ratio "${CPU[gatehouse-tls.$size]:-NA}" "${CPU[nginx-tls.$size]:-NA}")"
        fi
        [[ -n ${RPS[gatehouse-chain.$size]:-}${RPS[gatehouse-cache.$size]:-} ]] || continue
        echo "- $size, middlewares: req/s gatehouse-chain/gatehouse $(ratio "${RPS[gatehouse-chain.$size]:-NA}" "${RPS[gatehouse.$size]:-NA}")," \
            "gatehouse-cache/gatehouse $(ratio "${RPS[gatehouse-cache.$size]:-NA}" "${RPS[gatehouse.$size]:-NA}");" \
            "CPU/req gatehouse-chain/gatehouse $(ratio "${CPU[gatehouse-chain.$size]:-NA}" "${CPU[gatehouse.$size]:-NA}")," \
            "gatehouse-cache/gatehouse $(ratio "${CPU[gatehouse-cache.$size]:-NA}" "${CPU[gatehouse.$size]:-NA}")"
    done
    echo
    echo "## Every run"
    echo
    echo "SUT % = SUT CPU time / wall time (100 = one full core). core % = busy share of that core during the run"
    echo "(everything on it, including other processes on the machine)."
    echo
    echo "| round | SUT | size | req/s | p50 ms | p99 ms | requests | non-2xx | socket errors | CPU us/req | SUT % | core $LOAD_CPU % (load) | core $SUT_CPU % (SUT) |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ flag = ($8 + $9 > 0 || $4 == "NA") ? " **!**" : ""
        printf "| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
            $1, $2, flag, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$RESULTS_TSV"
}

# ---------------------------------------------------------------- main
main() {
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-load.XXXXXX")
    chmod 755 "$TMP"   # nginx workers run unprivileged and must read the origin's file
    RESULTS_TSV=$TMP/results.tsv
    : >"$RESULTS_TSV"
    CLK_TCK=$(getconf CLK_TCK)
    LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)

    install_tools
    build_java
    check_availability
    check_ports
    write_wrk_script

    VERSIONS="$( { "$(nginx_bin)" -v 2>&1; "$(haproxy_bin)" -v 2>&1 | head -n1; wrk -v 2>&1 | head -n1;
                   java -version 2>&1 | head -n1; } | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
    GIT_REV=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || true)

    local -a runnable=()
    local sut
    for sut in "${SUTS[@]}"; do
        [[ -z ${UNAVAILABLE[$sut]:-} ]] && runnable+=("$sut")
    done
    ((${#runnable[@]})) || die "none of the selected SUTs (${SUTS[*]}) is available, nothing to measure"

    start_origin
    log "SUTs: ${runnable[*]}; sizes: ${SIZE_LIST[*]}; rounds: $ROUNDS; ${DURATION}s per run; warm-up ${WARMUP}s (JVM)"

    local round i n=${#runnable[@]} size
    for ((round = 1; round <= ROUNDS; round++)); do
        # Rotate the SUT order each round, and alternate the size order, so no SUT always goes first.
        local -a order=() sizes=()
        for ((i = 0; i < n; i++)); do order+=("${runnable[(i + round - 1) % n]}"); done
        if ((round % 2)); then sizes=("${SIZE_LIST[@]}"); else
            for ((i = ${#SIZE_LIST[@]} - 1; i >= 0; i--)); do sizes+=("${SIZE_LIST[i]}"); done
        fi
        log "round $round/$ROUNDS: ${order[*]}"
        for sut in "${order[@]}"; do
            if ! start_sut "$sut"; then
                log "  $sut failed to start or serve the right bodies; skipped this round"
                for size in "${sizes[@]}"; do
                    printf '%s\t%s\t%s\tNA\tNA\tNA\t0\tNA\tNA\tNA\tNA\tNA\tNA\n' "$round" "$sut" "$size" >>"$RESULTS_TSV"
                done
                continue
            fi
            local pid=$SUT_PID
            ((IS_JVM[$sut])) && warm_up "$sut"
            for size in "${sizes[@]}"; do
                sleep "$PAUSE"
                measure "$round" "$sut" "$size" "$pid"
            done
            stop_sut "$pid"
        done
    done

    mkdir -p "$RESULTS_DIR"
    local report
    report=$RESULTS_DIR/load-$(date -u +%Y%m%d-%H%M%S).md
    build_report >"$report"
    echo
    cat "$report"
    echo
    log "report written to $report"
}

main
