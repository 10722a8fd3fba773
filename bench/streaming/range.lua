-- wrk script: GET requests for random whole 1 MiB ranges (1 MiB-aligned) of one file.
-- Usage: wrk ... -s range.lua URL -- FILE_SIZE_IN_BYTES
-- Only whole MiB inside the file are asked for, so every answer is a 206 with exactly 1 MiB of body.
-- done() prints one line that run.sh parses:
--   BENCH bytes=N requests=N duration_us=N errors=N non2xx3xx=N p50_ms=X p99_ms=X

local MiB = 1048576
local chunks = 0
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

function init(args)
    local size = tonumber(args[1])
    if size == nil or size < MiB then
        error("range.lua needs the file size (at least 1 MiB) after --")
    end
    chunks = math.floor(size / MiB)
    -- A different sequence in each thread and each run.
    math.randomseed(os.time() * 100 + (thread_id or 0))
    for _ = 1, 10 do math.random() end
end

function request()
    local first = math.random(0, chunks - 1) * MiB
    return wrk.format(nil, nil, { ["Range"] = "bytes=" .. first .. "-" .. (first + MiB - 1) })
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH bytes=%.0f requests=%.0f duration_us=%.0f errors=%.0f non2xx3xx=%.0f p50_ms=%.2f p99_ms=%.2f\n",
        summary.bytes, summary.requests, summary.duration,
        e.connect + e.read + e.write + e.timeout, e.status,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
