-- wrk script for bench/xml-curl.sh: mod_xml_curl's sip_auth REGISTER lookup, one new connection per request.
-- Env: BODY_FILE (the captured form body, user 1001), EXT_MIN/EXT_MAX (the extensions loaded in Redis),
-- USER_PREFIX (before the number: "a" asks by number-alias, "x" for unknown users; default none).

local body_file = os.getenv("BODY_FILE")
local ext_min = tonumber(os.getenv("EXT_MIN") or "1000")
local ext_max = tonumber(os.getenv("EXT_MAX") or "10999")
local prefix = os.getenv("USER_PREFIX") or ""

local f = assert(io.open(body_file, "rb"))
local template = f:read("*a")
f:close()
-- FreeSWITCH repeats the user in user=, sip_auth_username=, sip_to_user=, ...: every "=1001&" becomes "=<n>&",
-- and the trailing "&ip=..." keeps the last field safe from a partial match.
assert(template:find("user=1001&", 1, true), "body has no user=1001")

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["User-Agent"] = "freeswitch-xml/1.0",
  ["Accept"] = "*/*",
  -- mod_xml_curl opens a connection per lookup; wrk reconnects only when the server closes (checked by the shell)
  ["Connection"] = "close",
}

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  notfound = 0
end

function request()
  local n = prefix .. tostring(math.random(ext_min, ext_max))
  return wrk.format("POST", nil, headers, (template:gsub("=1001&", "=" .. n .. "&")))
end

-- A 200 with the "not found" document is a failure too: it must not count as a served lookup.
function response(status, headers, body)
  if status == 200 and body:find('status="not found"', 1, true) then
    notfound = notfound + 1
  end
end

-- One machine-readable line for the shell script (latencies in microseconds).
function done(summary, latency, requests)
  local nf = 0
  for _, t in ipairs(threads) do nf = nf + (t:get("notfound") or 0) end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d timeout=%d status=%d notfound=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status, nf))
end
