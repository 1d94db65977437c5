#!/usr/bin/env python3
"""Redis latency as a lookup sees it, for bench/xml-curl.sh CASE=aliases: HGET KEY FIELD back to back on one
connection for SECONDS (or until SIGTERM). Usage: redis-latency.py PORT KEY FIELD SECONDS.
Prints one RESULT line: samples, p50/p99/p999/max in µs, and how many waited over 5 and 20 ms."""
import signal, socket, sys, time

port, key, field, seconds = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode(), float(sys.argv[4])
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
s = socket.create_connection(('127.0.0.1', port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
f = s.makefile('rb')
request = b'*3\r\n$4\r\nHGET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n' % (len(key), key, len(field), field)
samples, end = [], time.monotonic() + seconds
while not stop and time.monotonic() < end:
    start = time.perf_counter()
    s.sendall(request)
    line = f.readline()
    if line.startswith(b'$') and line[1:2] != b'-':
        f.read(int(line[1:]) + 2)
    samples.append((time.perf_counter() - start) * 1e6)
samples.sort()
q = lambda p: int(samples[min(len(samples) - 1, int(p * len(samples)))]) if samples else 0
print(f"RESULT samples={len(samples)} p50_us={q(0.5)} p99_us={q(0.99)} p999_us={q(0.999)} max_us={q(1.0)}"
      f" over5ms={sum(x > 5000 for x in samples)} over20ms={sum(x > 20000 for x in samples)}")
