#!/usr/bin/env bash
# Where the CPU goes in a JFR recording: bench/jfr-top.sh FILE.jfr [N]
# Aggregates jdk.ExecutionSample (the JVM's own sampling profiler): samples per thread pool, hottest top
# frames (self time), and hottest methods anywhere in the stack (inclusive time, counted once per sample).
set -euo pipefail
FILE=$1 N=${2:-25}
jfr print --events jdk.ExecutionSample --stack-depth 200 "$FILE" | awk -v n="$N" '
  function flush() {
    if (!depth) return
    total++; self[top]++
    for (m in seen) incl[m]++
    delete seen; depth = 0
  }
  /^jdk.ExecutionSample/ { flush(); next }
  /sampledThread = / {  # thread name without its number: vert.x-worker-thread-3 -> vert.x-worker-thread-N
    t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+/, "N", t); threads[t]++; next
  }
  /^    [a-zA-Z_$].*line: / {  # a frame: "pkg.Class.method(args) line: 12"
    m = $0; sub(/^ +/, "", m); sub(/\(.*/, "", m)
    if (!depth++) top = m
    seen[m] = 1; next
  }
  END {
    flush()
    printf "%d samples\n\n## by thread\n", total
    for (t in threads) printf "%6d %5.1f%%  %s\n", threads[t], 100 * threads[t] / total, t | "sort -rn | head -" n
    close("sort -rn | head -" n)
    printf "\n## self (top frame)\n"
    for (m in self) printf "%6d %5.1f%%  %s\n", self[m], 100 * self[m] / total, m | "sort -rn | head -" n
    close("sort -rn | head -" n)
    printf "\n## inclusive (anywhere in the stack)\n"
    for (m in incl) printf "%6d %5.1f%%  %s\n", incl[m], 100 * incl[m] / total, m | "sort -rn | head -" 2 * n
    close("sort -rn | head -" 2 * n)
  }'
