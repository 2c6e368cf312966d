#!/usr/bin/env bash
# The local high-availability stack behind `bin/thanosj up | down | status`.
#
# It is the classic two-node Thanos HA deployment squeezed onto one machine: two Prometheus replicas
# scraping the same targets (external labels region="local", replica="0"/"1"), a sidecar next to each
# shipping its blocks to a FILESYSTEM bucket, a store gateway over that bucket, and a querier that
# deduplicates the replicas on the `replica` label.
#
# Everything lives under one state directory (THANOSJ_STATE, default <repo>/.thanosj):
#   stack.env            ports and settings of the running stack (read by status and down)
#   pids/<name>.pid      one per process; each process leads its own session, so down kills its group
#   logs/<name>.log      stdout+stderr of each process
#   prometheus-N/        config and TSDB of replica N;  bucket/  the FILESYSTEM bucket
#   store/               the store gateway's data dir;  objstore.yml  the bucket config
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${THANOSJ_STATE:-$root/.thanosj}
cmd=${1:-}
shift || true
args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --state-dir=*) state=${1#--state-dir=} ;;
    --state-dir)
      [[ -n ${2:-} ]] || { echo "thanosj: --state-dir needs a directory" >&2; exit 2; }
      state=$2
      shift
      ;;
    *) args+=("$1") ;;
  esac
  shift
done
set -- "${args[@]}"
# An absolute path: it is written into configs and matched against process command lines.
[[ $state == /* ]] || state=$PWD/$state
# Blocks are cut this often instead of every 2h, so that the first block reaches the bucket (and the
# store gateway) a few minutes after `up`. Prometheus compacts its head once it spans 1.5 blocks.
block_duration=${THANOSJ_BLOCK_DURATION:-2m}
scrape_interval=${THANOSJ_SCRAPE_INTERVAL:-5s}
ready_timeout=${THANOSJ_READY_TIMEOUT:-240}
components=(prometheus-0 prometheus-1 sidecar-0 sidecar-1 store query)

say() { echo "thanosj: $*"; }
# While `up` starts processes, a failure stops the ones already started, so a failed `up` leaves
# nothing running (their logs stay).
stop_on_die=0
die() {
  echo "thanosj: $*" >&2
  if [[ $stop_on_die == 1 ]]; then
    stop_on_die=0
    echo "thanosj: stopping what was started" >&2
    down >&2 || true
  fi
  exit 1
}

pid_of() {
  local file="$state/pids/$1.pid"
  [[ -f $file ]] || return 1
  local pid
  pid=$(<"$file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

running_any() {
  local c
  for c in "${components[@]}"; do
    pid_of "$c" >/dev/null && return 0
  done
  return 1
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# claim_port VAR PREFERRED: sets VAR to the first free port at or above PREFERRED that no other
# component of this stack has claimed.
declare -A claimed=()
claim_port() {
  local -n var=$1
  local port=$2
  while port_taken "$port" || [[ -n ${claimed[$port]:-} ]]; do
    port=$((port + 1))
  done
  claimed[$port]=1
  if [[ $port != "$2" ]] && port_taken "$2"; then
    say "port $2 is taken, using $port"
  fi
  var=$port
}

require_prometheus() {
  if command -v prometheus >/dev/null 2>&1; then
    return
  fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing Prometheus with apt-get (Debian package 'prometheus')"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null
    command -v prometheus >/dev/null 2>&1 && return
  fi
  die "the stack needs a 'prometheus' binary on PATH (2.x). On Debian/Ubuntu: sudo apt-get install prometheus; elsewhere: https://prometheus.io/download/"
}

require_java() {
  command -v "${JAVA:-java}" >/dev/null 2>&1 ||
    die "no java found; install a JDK 17 (Debian: sudo apt-get install openjdk-17-jdk-headless) or set JAVA"
  command -v curl >/dev/null 2>&1 || die "the stack needs curl (Debian: sudo apt-get install curl)"
}

build_missing_jars() {
  local missing=() module
  for module in sidecar-service store-service query-service; do
    compgen -G "$root/$module/target/$module-*-exec.jar" >/dev/null || missing+=("$module")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    say "building ${missing[*]} (first run only, a few minutes) ..."
    (cd "$root" && ./mvnw -q -B -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am package) ||
      die "the build failed; run ./mvnw -B -DskipTests package to see why"
  fi
}

# start NAME JAVA_OPTS COMMAND... : runs COMMAND in its own session with its log and pid file.
start() {
  local name=$1 java_opts=$2
  shift 2
  local log="$state/logs/$name.log" pidfile="$state/pids/$name.pid"
  : >"$log"
  # -Dthanosj.stack names the state dir on every JVM's command line, so `pgrep -f <state dir>`
  # finds each process of this stack (the querier's flags name no path).
  JAVA_OPTS="$java_opts -Dthanosj.stack=$state" setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1 &
  local i
  for i in {1..50}; do
    [[ -s $pidfile ]] && return
    sleep 0.1
  done
  die "$name did not start; see $log"
}

wait_ready() {
  local name=$1 url=$2 deadline=$((SECONDS + ready_timeout))
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    if ! pid_of "$name" >/dev/null; then
      tail -n 20 "$state/logs/$name.log" >&2 || true
      die "$name exited while starting; its log: $state/logs/$name.log"
    fi
    if ((SECONDS > deadline)); then
      tail -n 20 "$state/logs/$name.log" >&2 || true
      die "$name is not ready after ${ready_timeout}s ($url); its log: $state/logs/$name.log"
    fi
    sleep 1
  done
  say "$name ready"
}

write_prometheus_config() {
  local replica=$1 dir="$state/prometheus-$1"
  mkdir -p "$dir/data"
  cat >"$dir/prometheus.yml" <<EOF
# Written by bin/thanosj up. Both replicas scrape the same targets; only 'replica' differs.
global:
  scrape_interval: $scrape_interval
  evaluation_interval: $scrape_interval
  external_labels:
    region: local
    replica: "$replica"
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROM0_PORT', '127.0.0.1:$PROM1_PORT']
  - job_name: thanosj
    static_configs:
      - targets: ['127.0.0.1:$SIDECAR0_HTTP', '127.0.0.1:$SIDECAR1_HTTP', '127.0.0.1:$STORE_HTTP', '127.0.0.1:$QUERY_HTTP']
EOF
}

up() {
  if running_any; then
    say "the stack is already running (state in $state)"
    status
    return 0
  fi
  require_prometheus
  require_java
  build_missing_jars
  mkdir -p "$state/pids" "$state/logs" "$state/bucket" "$state/store"
  rm -f "$state"/pids/*.pid
  stop_on_die=1

  claim_port PROM0_PORT 9090
  claim_port PROM1_PORT 9091
  claim_port QUERY_HTTP 10902
  claim_port QUERY_GRPC 10901
  claim_port SIDECAR0_HTTP 10912
  claim_port SIDECAR0_GRPC 10911
  claim_port SIDECAR1_HTTP 10922
  claim_port SIDECAR1_GRPC 10921
  claim_port STORE_HTTP 10932
  claim_port STORE_GRPC 10931
  cat >"$state/stack.env" <<EOF
PROM0_PORT=$PROM0_PORT
PROM1_PORT=$PROM1_PORT
QUERY_HTTP=$QUERY_HTTP
QUERY_GRPC=$QUERY_GRPC
SIDECAR0_HTTP=$SIDECAR0_HTTP
SIDECAR0_GRPC=$SIDECAR0_GRPC
SIDECAR1_HTTP=$SIDECAR1_HTTP
SIDECAR1_GRPC=$SIDECAR1_GRPC
STORE_HTTP=$STORE_HTTP
STORE_GRPC=$STORE_GRPC
EOF
  cat >"$state/objstore.yml" <<EOF
type: FILESYSTEM
config:
  directory: $state/bucket
EOF

  local thanosj="$root/bin/thanosj" replica prom_port sidecar_http sidecar_grpc
  for replica in 0 1; do
    write_prometheus_config "$replica"
    prom_port=$([[ $replica == 0 ]] && echo "$PROM0_PORT" || echo "$PROM1_PORT")
    # Equal min and max block durations: the sidecar refuses to ship blocks Prometheus compacts itself.
    start "prometheus-$replica" "" prometheus \
      --config.file="$state/prometheus-$replica/prometheus.yml" \
      --storage.tsdb.path="$state/prometheus-$replica/data" \
      --storage.tsdb.min-block-duration="$block_duration" \
      --storage.tsdb.max-block-duration="$block_duration" \
      --web.listen-address="127.0.0.1:$prom_port" \
      --web.enable-lifecycle
  done
  for replica in 0 1; do
    prom_port=$([[ $replica == 0 ]] && echo "$PROM0_PORT" || echo "$PROM1_PORT")
    sidecar_http=$([[ $replica == 0 ]] && echo "$SIDECAR0_HTTP" || echo "$SIDECAR1_HTTP")
    sidecar_grpc=$([[ $replica == 0 ]] && echo "$SIDECAR0_GRPC" || echo "$SIDECAR1_GRPC")
    start "sidecar-$replica" "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" "$thanosj" sidecar \
      --prometheus.url="http://127.0.0.1:$prom_port" \
      --tsdb.path="$state/prometheus-$replica/data" \
      --objstore.config-file="$state/objstore.yml" \
      --reloader.config-file="$state/prometheus-$replica/prometheus.yml" \
      --http-address="127.0.0.1:$sidecar_http" \
      --grpc-address="127.0.0.1:$sidecar_grpc" \
      --shipper.sync-interval=10s
  done
  if [[ ${THANOSJ_STORE:-on} == off ]]; then
    say "THANOSJ_STORE=off: not starting the store gateway (blocks are shipped but not served)"
  else
  start store "-Xmx384m -XX:+UseSerialGC" "$thanosj" store \
    --objstore.config-file="$state/objstore.yml" \
    --data-dir="$state/store" \
    --sync-block-duration=20s \
    --http-address="127.0.0.1:$STORE_HTTP" \
    --grpc-address="127.0.0.1:$STORE_GRPC"
  fi
  start query "-Xmx512m" "$thanosj" query \
    --endpoint="127.0.0.1:$SIDECAR0_GRPC" \
    --endpoint="127.0.0.1:$SIDECAR1_GRPC" \
    --endpoint="127.0.0.1:$STORE_GRPC" \
    --query.replica-label=replica \
    --http-address="127.0.0.1:$QUERY_HTTP" \
    --grpc-address="127.0.0.1:$QUERY_GRPC"

  wait_ready prometheus-0 "http://127.0.0.1:$PROM0_PORT/-/ready"
  wait_ready prometheus-1 "http://127.0.0.1:$PROM1_PORT/-/ready"
  wait_ready sidecar-0 "http://127.0.0.1:$SIDECAR0_HTTP/-/ready"
  wait_ready sidecar-1 "http://127.0.0.1:$SIDECAR1_HTTP/-/ready"
  [[ ${THANOSJ_STORE:-on} == off ]] || wait_ready store "http://127.0.0.1:$STORE_HTTP/-/ready"
  wait_ready query "http://127.0.0.1:$QUERY_HTTP/-/ready"
  stop_on_die=0

  cat <<EOF

ThanosJ local HA stack is up (state and logs in $state):
  query UI and HTTP API   http://127.0.0.1:$QUERY_HTTP/
  prometheus replica 0    http://127.0.0.1:$PROM0_PORT/
  prometheus replica 1    http://127.0.0.1:$PROM1_PORT/
  bucket (FILESYSTEM)     $state/bucket   (first blocks after about $block_duration x 2)
Stop it with: bin/thanosj down$([[ $state == "$root/.thanosj" ]] || echo " --state-dir $state")
EOF
}

load_env() {
  [[ -f $state/stack.env ]] || return 1
  # shellcheck disable=SC1091
  source "$state/stack.env"
}

status() {
  if ! load_env; then
    say "no stack in $state"
    return 3
  fi
  local c pid url health any=0
  printf '%-14s %-8s %-8s %s\n' COMPONENT PID STATE URL
  for c in "${components[@]}"; do
    case $c in
      prometheus-0) url="http://127.0.0.1:$PROM0_PORT" ;;
      prometheus-1) url="http://127.0.0.1:$PROM1_PORT" ;;
      sidecar-0) url="http://127.0.0.1:$SIDECAR0_HTTP" ;;
      sidecar-1) url="http://127.0.0.1:$SIDECAR1_HTTP" ;;
      store) url="http://127.0.0.1:$STORE_HTTP" ;;
      query) url="http://127.0.0.1:$QUERY_HTTP" ;;
    esac
    if pid=$(pid_of "$c"); then
      any=1
      if curl -fsS -o /dev/null --max-time 2 "$url/-/ready"; then health=ready; else health=unready; fi
    else
      pid=- health=stopped
    fi
    printf '%-14s %-8s %-8s %s\n' "$c" "$pid" "$health" "$url"
  done
  [[ $any == 1 ]] || return 3
}

down() {
  local c pid stopping=()
  for c in query store sidecar-0 sidecar-1 prometheus-0 prometheus-1; do
    if pid=$(pid_of "$c"); then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$c:$pid")
    fi
  done
  local entry deadline=$((SECONDS + 30))
  for entry in "${stopping[@]}"; do
    c=${entry%%:*} pid=${entry##*:}
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$c did not stop within 30s, killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    say "$c stopped"
  done
  rm -f "$state"/pids/*.pid
  if [[ ${#stopping[@]} -eq 0 ]]; then
    say "nothing was running (state in $state)"
  fi
  if [[ ${1:-} == --purge ]]; then
    rm -rf "$state"
    say "removed $state"
  fi
}

case $cmd in
  up) up "$@" ;;
  down)
    [[ $# -eq 0 || ($# -eq 1 && $1 == --purge) ]] || die "usage: bin/thanosj down [--purge] [--state-dir DIR]"
    down "$@"
    ;;
  status) status "$@" ;;
  *) die "usage: bin/thanosj up | down [--purge] | status  [--state-dir DIR] (default: \$THANOSJ_STATE or <repo>/.thanosj)" ;;
esac
