#!/usr/bin/env python3
"""Open-loop load for bench/xml-curl.sh: RATE POSTs/s of the sip_auth body, each on a new connection, for
SECONDS, whatever the server's latency (a request is sent on schedule even if earlier ones are pending).
Usage: open-loop.py URL BODY_FILE RATE SECONDS [EXT_MIN EXT_MAX]; env USER_PREFIX before the number ("x": unknown
users, whose "not found" is then the expected answer). Prints one RESULT line (latencies in µs) and, per 5 s window,
p99 and max."""
import os, random, re, socket, sys, threading, time
from urllib.parse import urlsplit

url, body_file, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
ext_min, ext_max = (int(sys.argv[5]), int(sys.argv[6])) if len(sys.argv) > 6 else (1001, 1001)
u = urlsplit(url)
prefix = os.environ.get("USER_PREFIX", "")
template = open(body_file).read().strip()
results, lock = [], threading.Lock()  # (send offset s, latency µs, ok)

def one(offset, user):
    body = re.sub(r'(^|&)(user|sip_auth_username|sip_to_user|sip_from_user|sip_contact_user)=[^&]*', r'\1\2=' + user, template).encode()
    head = (f"POST {u.path} HTTP/1.1\r\nHost: {u.hostname}\r\nConnection: close\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    start, ok = time.perf_counter(), False
    try:
        with socket.create_connection((u.hostname, u.port), timeout=5) as s:
            s.sendall(head + body)
            data = b''
            while chunk := s.recv(65536):
                data += chunk
            ok = data.startswith(b'HTTP/1.1 200') and (b'not found' in data) == bool(prefix)
    except OSError:
        pass
    with lock:
        results.append((offset, (time.perf_counter() - start) * 1e6, ok))

t0, n, threads = time.perf_counter(), int(rate * seconds), []
for i in range(n):
    due = t0 + i / rate
    while (d := due - time.perf_counter()) > 0:
        time.sleep(d)
    th = threading.Thread(target=one, args=(due - t0, prefix + str(random.randint(ext_min, ext_max))), daemon=True)
    th.start(); threads.append(th)
for th in threads:
    th.join(10)

def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else 0

lat = [r[1] for r in results]
windows = []
for w in range(0, int(seconds), 5):
    ws = [r[1] for r in results if w <= r[0] < w + 5]
    windows.append(f"{w}-{w + 5}s p99={pct(ws, 0.99) / 1000:.1f}ms max={max(ws, default=0) / 1000:.1f}ms")
print(f"RESULT requests={len(results)} errors={sum(1 for r in results if not r[2])} p50_us={pct(lat, 0.5):.0f} "
      f"p99_us={pct(lat, 0.99):.0f} max_us={max(lat, default=0):.0f} over_1s={sum(1 for x in lat if x > 1e6)}")
print("WINDOWS " + "; ".join(windows))
