# Shared by the bench/*.sh scripts (sourced): a private work dir, processes stopped on exit, free ports.
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
install_missing() {  # install_missing COMMAND:PACKAGE...: Debian packages for the commands not found
  local need=()
  for c in "$@"; do command -v "${c%%:*}" >/dev/null || [[ -x /usr/sbin/${c%%:*} ]] || need+=("${c#*:}"); done
  ((${#need[@]} == 0)) || apt-get install -y "${need[@]}" || { apt-get update && apt-get install -y "${need[@]}"; }
}
bench_workdir() {  # WORK: a temp dir, removed on exit with every process listed in PIDS
  WORK=$(mktemp -d /tmp/cti-bench.XXXXXX); chmod 755 "$WORK"  # nginx workers (user nobody) read it
  PIDS=()
  trap 'for p in "${PIDS[@]}"; do stop_pid "$p"; done; [[ -n ${KEEP:-} ]] || rm -rf "$WORK"' EXIT  # KEEP=1 keeps WORK
}
stop_pid() {  # TERM, then KILL after 15 s
  [[ -n ${1:-} ]] || return 0
  kill "$1" 2>/dev/null || true
  timeout 15 tail --pid="$1" -f /dev/null 2>/dev/null || kill -9 "$1" 2>/dev/null || true
}
free_port() {  # a random unused port below the ephemeral range (wrk's 100,000s of client ports live there)
  local low; low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
  for _ in $(seq 50); do
    local p=$((10000 + RANDOM % (low > 11000 ? low - 10000 : 1000)))
    [[ -z $(ss -Hantu "sport = :$p") ]] && { echo "$p"; return; }
  done
  log "no free port"; return 1
}
wait_for() {  # wait_for SECONDS CMD...: poll until CMD succeeds
  local end=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do ((SECONDS < end)) || { log "timed out: $*"; return 1; }; sleep 0.2; done
}
start_redis() {  # start_redis PORT: no persistence, loopback (REDIS_PID)
  redis-server --bind 127.0.0.1 --port "$1" --save '' --appendonly no --logfile "$WORK/redis.log" & REDIS_PID=$!; PIDS+=($REDIS_PID)
  wait_for 10 redis-cli -p "$1" ping || { tail -5 "$WORK/redis.log" >&2; exit 1; }
}
start_nginx() {  # start_nginx PORT ROOT: static files; a POST on a file is answered like a GET (error_page) (NGINX_PID)
  local nginx; nginx=$(command -v nginx || echo /usr/sbin/nginx)
  cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto; daemon off; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http { access_log off; default_type text/xml;
  server { listen 127.0.0.1:$1; root $2; location / { error_page 405 =200 \$uri; } } }
NGINX
  "$nginx" -c "$WORK/nginx.conf" -p "$WORK" & NGINX_PID=$!; PIDS+=($NGINX_PID)
  wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1"
}
cpu_ticks() {  # user + system CPU of a process and its children (nginx's workers), in clock ticks
  cat /proc/"$1"/stat $(pgrep -P "$1" | sed 's|.*|/proc/&/stat|') 2>/dev/null | sed 's/.*) //' | awk '{ t += $12 + $13 } END { print t }'
}
csv_last() {  # csv_last FILE COLUMN: COLUMN of the last row of a ;-separated file with a header
  awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } { v = $c } END { print v }' "$1"
}
commit_label() {
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src routes templates pom.xml 2>/dev/null || echo ' (modified)')"
}
record_cds() {  # record_cds REDIS_PORT: adds a class-data sharing archive of this jar to JAVA_OPTS, recorded as the image does
  CAMEL_MAIN_DURATIONMAXSECONDS=15 CTI_REDIS_URL="redis://127.0.0.1:$1" CTI_HTTP_PORT=$(free_port) CTI_ESL_PORT=1 \
    java $JAVA_OPTS -XX:ArchiveClassesAtExit="$WORK/cti.jsa" -jar target/cti-camel.jar >"$WORK/cds.log" 2>&1 || true
  if [[ -s $WORK/cti.jsa ]]; then JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$WORK/cti.jsa"; else log "no CDS archive: $WORK/cds.log"; fi
}
