-- wrk script (docs/performance.md, side-by-side ingest): POSTs the JSON body in the file $WRK_BODY_FILE, in which
-- every {{n}} becomes a number unique to the request (wrk thread and counter), with the headers in $WRK_HEADERS
-- ("Name: value; Name: value"). At the end it prints one line "WRK_JSON {...}" for the benchmark to read: wrk's own
-- summary is text meant for people.
local body = assert(io.open(os.getenv("WRK_BODY_FILE"))):read("*a")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
for name, value in (os.getenv("WRK_HEADERS") or ""):gmatch("%s*([^:;]+):%s*([^;]+)") do wrk.headers[name] = value end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local n = 0
function request()
  n = n + 1
  return wrk.format(nil, nil, nil, (body:gsub("{{n}}", tid .. "-" .. n)))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50Us":%d,"p95Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
