#!/usr/bin/env bash
# System benchmark (issue 15, target 4): a real FreeSWITCH 1.10.12 registers SIPp phones with digest auth
# while its directory is served three ways in one run: FreeSWITCH's own files, nginx through mod_xml_curl
# (each user's XML, use-dynamic-url, GET), and the service through mod_xml_curl (a fresh JVM, then the same
# JVM after WARMUP s of lookups). Prints one Markdown table. Not part of `mvn verify`.
# Needs: freeswitch and fs_cli on PATH (build them with ../shared/tools/freeswitch/build.sh, ~15 min), FS_CONF
# (its loopback configuration); installs what is missing of sip-tester nginx-light redis-server wrk (Debian).
# Env: USERS (1000) REGISTERS (1500) RATE (150 REGISTER/s) WARMUP (60) JAVA_OPTS (docs/jvm.md's settings; a class-data
#      sharing archive is recorded first, as the image does, unless NO_CDS=1) FS_CONF (../shared/tools/freeswitch/conf)
#      ROWS (files nginx service-fresh service-warm: the rows to run, in that order)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
USERS=${USERS:-1000} REGISTERS=${REGISTERS:-1500} RATE=${RATE:-150} WARMUP=${WARMUP:-60}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms128m -Xmx512m -XX:TieredStopAtLevel=1} FS_CONF=${FS_CONF:-../shared/tools/freeswitch/conf}
DOMAIN=127.0.0.1 FIRST=1000
. bench/lib.sh
command -v freeswitch >/dev/null && command -v fs_cli >/dev/null && [[ -d $FS_CONF ]] \
  || { log "needs freeswitch and fs_cli on PATH and FS_CONF ($FS_CONF): ../shared/tools/freeswitch/README.md"; exit 1; }
install_missing sipp:sip-tester nginx:nginx-light redis-server:redis-server redis-cli:redis-tools wrk:wrk
[[ -f target/cti-camel.jar ]] || mvn -B -q package -DskipTests
bench_workdir
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

SIP_PORT=$(free_port) ESL_PORT=$(free_port) SIPP_PORT=$(free_port) NGINX_PORT=$(free_port)
REDIS_PORT=$(free_port) HTTP_PORT=$(free_port)

# The same users everywhere: user N, password pw-N, user_context default (SIPp's CSV: user;password;domain;auth).
awk -v n="$USERS" -v f="$FIRST" -v d="$DOMAIN" 'BEGIN { print "SEQUENTIAL"; for (i = f; i < f + n; i++) print i ";pw-" i ";" d ";[authentication username=" i " password=pw-" i "]" }' \
  >"$WORK/users.csv"
user_xml() {  # user_xml N: the <user> element FreeSWITCH's own files and nginx serve
  echo "<user id=\"$1\"><params><param name=\"password\" value=\"pw-$1\"/></params><variables><variable name=\"user_context\" value=\"default\"/></variables></user>"
}
mkdir -p "$WORK/www/dir"
for ((i = FIRST; i < FIRST + USERS; i++)); do
  echo "<document type=\"freeswitch/xml\"><section name=\"directory\"><domain name=\"$DOMAIN\">$(user_xml $i)</domain></section></document>" \
    >"$WORK/www/dir/$i.xml"
done

start_redis "$REDIS_PORT"
awk -v n="$USERS" -v f="$FIRST" -v key="cti_exten@$DOMAIN" 'BEGIN {
  for (i = f; i < f + n; i++) printf "HSET %s %d \x27{\"param\":{\"password\":\"pw-%d\"},\"variable\":{\"user_context\":\"default\"}}\x27\n", key, i, i }' \
  | redis-cli -p "$REDIS_PORT" >/dev/null

start_nginx "$NGINX_PORT" "$WORK/www"
[[ -n ${NO_CDS:-} ]] || record_cds "$REDIS_PORT"

# FreeSWITCH: a fresh one for each row, the loopback configuration with its directory bound to MODE.
# sofia.conf comes from its own files in every row: only the directory lookups differ.
FS_PID=
fs_start() {  # fs_start MODE (files | nginx | service)
  local dir=$WORK/fs-$1; mkdir -p "$dir"/{log,db,run,temp}; cp -r "$FS_CONF" "$dir/conf"; local c=$dir/conf
  sed -i "s/internal_sip_port=[0-9]*/internal_sip_port=$SIP_PORT/" "$c/vars.xml"
  sed -i "s/value=\"8021\"/value=\"$ESL_PORT\"/" "$c/autoload_configs/event_socket.conf.xml"
  sed -i 's/name="loglevel" value="[a-z]*"/name="loglevel" value="warning"/' "$c/autoload_configs/switch.conf.xml"
  rm -f "$c/sip_profiles/external.xml"
  local binding=
  case $1 in
    files)
      { echo "<include>"; echo "<domain name=\"$DOMAIN\"><users>"  # the preprocessor drops what shares a line with <include>
        for ((i = FIRST; i < FIRST + USERS; i++)); do user_xml $i; done
        echo "</users></domain>"; echo "</include>"; } >"$c/directory.xml"
      sed -i '/<section name="directory"/a <X-PRE-PROCESS cmd="include" data="directory.xml"/>' "$c/freeswitch.xml" ;;
    nginx) binding="<param name=\"gateway-url\" value=\"http://127.0.0.1:$NGINX_PORT/dir/\${user}.xml\" bindings=\"directory\"/>
      <param name=\"use-dynamic-url\" value=\"true\"/><param name=\"method\" value=\"GET\"/>" ;;
    service) binding="<param name=\"gateway-url\" value=\"http://127.0.0.1:$HTTP_PORT/fs/xml\" bindings=\"directory\"/>" ;;
  esac
  cat >"$c/autoload_configs/xml_curl.conf.xml" <<EOF
<configuration name="xml_curl.conf"><bindings><binding name="bench">$binding<param name="timeout" value="5"/></binding></bindings></configuration>
EOF
  [[ -n $binding ]] || echo '<configuration name="xml_curl.conf"><bindings/></configuration>' >"$c/autoload_configs/xml_curl.conf.xml"
  freeswitch -nc -nf -nonat -nonatmap -conf "$c" -log "$dir/log" -db "$dir/db" -run "$dir/run" -temp "$dir/temp" \
    >"$dir/console.log" 2>&1 & FS_PID=$!; PIDS+=($FS_PID)
  wait_for 60 bash -c "fs_cli -P $ESL_PORT -x 'sofia status' | grep -q 'internal.*RUNNING'" \
    || { log "FreeSWITCH ($1) did not start"; tail -20 "$dir/log/freeswitch.log" >&2; exit 1; }
}
fs_stop() { fs_cli -P "$ESL_PORT" -x 'fsctl shutdown' >/dev/null 2>&1 || true; stop_pid "$FS_PID"; }

# One row: REGISTERS registrations at RATE/s, the response time of each from the first REGISTER to the 200.
declare -A ROW
sipp_row() {  # sipp_row NAME [PID whose CPU to count]
  local out=$WORK/sipp-$1 cpu0=0; mkdir -p "$out"
  [[ -z ${2:-} ]] || cpu0=$(cpu_ticks "$2")
  local start; start=$(date +%s%N)
  (cd "$out" && timeout 600 sipp "127.0.0.1:$SIP_PORT" -sf "$ROOT/bench/sipp-register.xml" -inf "$WORK/users.csv" \
     -i 127.0.0.1 -p "$SIPP_PORT" -r "$RATE" -m "$REGISTERS" -timer_resol 1 -trace_rtt -rtt_freq 1 -trace_stat -fd 1 -nostdin \
     -timeout 300s >sipp.out 2>&1) || true
  local wall=$(( ($(date +%s%N) - start) / 1000000 )) cpu=
  [[ -z ${2:-} ]] || cpu=$(awk -v t="$(( $(cpu_ticks "$2") - cpu0 ))" -v hz="$(getconf CLK_TCK)" -v n="$REGISTERS" \
    'BEGIN { printf "%.2f ms", t * 1000 / hz / n }')
  local stat; stat=$(ls "$out"/*_.csv 2>/dev/null | head -1)
  local ok failed
  ok=$(csv_last "$stat" 'SuccessfulCall(C)') failed=$(csv_last "$stat" 'FailedCall(C)')
  # rtt file: date_ms;response_time_ms;rtd_no
  ROW[$1]="$(awk -F';' 'NR > 1 && $2 != "" { print $2 }' "$out"/*_rtt.csv | sort -n | awk -v wall="$wall" -v ok="$ok" -v failed="$failed" -v cpu="$cpu" '
    { v[NR] = $1 } END {
      printf "%.1f s | %.1f ms | %.1f ms | %.1f ms | %s | %s | %s", wall / 1000, v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR], ok, failed, cpu }')"
}

read -ra ROWS <<<"${ROWS:-files nginx service-fresh service-warm}"
wanted() { [[ " ${ROWS[*]} " == *" $1 "* ]]; }
wanted files && { fs_start files; sipp_row files; fs_stop; }
wanted nginx && { fs_start nginx; sipp_row nginx; fs_stop; }

# The service from launch: the port opens when it is ready; FreeSWITCH starts then, and SIPp at once.
CTI_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" CTI_HTTP_PORT=$HTTP_PORT CTI_ESL_PORT=$ESL_PORT CTI_DOMAIN=$DOMAIN \
  java $JAVA_OPTS -jar target/cti-camel.jar >"$WORK/service.log" 2>&1 & SVC_PID=$!; PIDS+=($SVC_PID)
serves_first() {
  curl -sf -d "section=directory&key_value=$DOMAIN&key_name=name&user=$FIRST&domain=$DOMAIN" "http://127.0.0.1:$HTTP_PORT/fs/xml" \
    | grep -q "<user id=\"$FIRST\""
}
wait_for 120 serves_first || { log "the service does not serve user $FIRST"; tail -20 "$WORK/service.log" >&2; exit 1; }
wanted service-fresh && { fs_start service; sipp_row service-fresh "$SVC_PID"; fs_stop; }

log "warming the service up: ${WARMUP}s of lookups"
BODY_FILE=bench/sip_auth-REGISTER.body.txt EXT_MIN=$FIRST EXT_MAX=$((FIRST + USERS - 1)) \
  wrk -t2 -c32 -d"${WARMUP}s" -s bench/xml-curl.lua "http://127.0.0.1:$HTTP_PORT/fs/xml" >/dev/null
wanted service-warm && { fs_start service; sipp_row service-warm "$SVC_PID"; fs_stop; }

echo "## Real FreeSWITCH, REGISTER with digest auth — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- FreeSWITCH $(freeswitch -version 2>/dev/null | sed -n 's/.*version: *//p' | cut -d' ' -f1), SIPp $(sipp -v 2>&1 | sed -n 's/.*SIPp \(v[0-9.]*\).*/\1/p'), $(nproc) cores, load average before: $LOAD_BEFORE"
echo "- commit: $(commit_label); JVM: $(java -version 2>&1 | head -1), flags: $JAVA_OPTS"
echo "- command: \`USERS=$USERS REGISTERS=$REGISTERS RATE=$RATE WARMUP=$WARMUP bench/real-freeswitch.sh\`: $REGISTERS REGISTERs at $RATE/s, $USERS users, each answered 401 then authenticated; time = first REGISTER to its 200"
echo
echo "| directory from | completion | p50 | p99 | max | registered | failed | service CPU / registration |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${ROWS[@]}"; do echo "| $r | ${ROW[$r]} |"; done
