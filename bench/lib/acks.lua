-- What the audience benchmarks' wrk scripts share (bench/ingest/answers.lua, bench/votes/votes.lua):
-- ids, phones taking turns, resends, and the accounting of every id against its acknowledgement.
-- A script loads it with dofile(os.getenv("BENCH_LUA_LIB")), calls bench_init() from its init()
-- and, from request(), bench_next(n, make) for the items of the request; response() and done()
-- are defined here. Every answer of the server is 200 with {"id": ..., "stored": true|false}, or an
-- array of those (one per item, in order).
-- Configuration through the environment (the main and the thread Lua states both see it):
--   BENCH_CODE      join code                BENCH_TOKENS  file, one phone token per line
--   BENCH_RUN       run number 1..4095: goes into every id, so runs can be told apart in the database
--   BENCH_RESEND    0 (default) or K: every K-th request resends this thread's latest request
--                   acknowledged as stored (same items, same phone: its answer was lost on the way back)
--   BENCH_UNACKED   file that done() fills with the ids sent but never answered 200 (cut off by the
--                   end of the run, or refused)
--   BENCH_ACKED     optional path prefix: each thread appends every id acknowledged as stored to
--                   PREFIX.THREAD as the 200 arrives (line-buffered; for the kill -9 test)
--   BENCH_IDS       random (default): ids look like version-4 UUIDs, 48 random bits first (inserted
--                   all over the primary-key index, as ids from crypto.randomUUID() would); time:
--                   like version-7 UUIDs, the time first (milliseconds since 1970, to the second),
--                   as Guid.CreateVersion7() makes them, so new ids land at the end of the index
-- Either way the run, the wrk thread and a per-thread counter follow, so no two items of a run share
-- an id; the run number is always characters 16-18.
-- done() prints one line that the run script parses:
--   BENCH requests=N duration_us=N errors=N non2xx3xx=N p50_ms=X p90_ms=X p99_ms=X max_ms=X
--         sent=N resent=N stored=N duplicate=N other=N unacked=N resend_cut=N wrong=N
-- (counts of items, except requests and other: non-200 answers; stored/duplicate: items answered
-- "stored": true/false; resend_cut: resent items not answered before the end; wrong: a resent item
-- answered "stored": true, or a new one answered "stored": false)

local threads = {}
-- Per-thread globals (done() reads them with thread:get):
counter, sent, resent, stored, duplicate, other, wrong = 0, 0, 0, 0, 0, 0, 0
unacked = {}          -- id -> true while sent and not yet acknowledged
resending = {}        -- id -> resends of it not answered yet
local items_of = {}   -- id -> { item, cookie } while sent and not yet acknowledged
local last_acked = nil -- { items, ids, cookie } of the latest request acknowledged as stored
local acked_file = nil
local cookies, run, resend_every, time_ids
local requests = 0

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_id", #threads)
end

function bench_need(name)
    local value = os.getenv(name)
    if value == nil or value == "" then error("acks.lua: " .. name .. " is not set") end
    return value
end

-- Reads the common configuration; returns the join code.
function bench_init()
    local code = bench_need("BENCH_CODE")
    run = tonumber(bench_need("BENCH_RUN"))
    resend_every = tonumber(os.getenv("BENCH_RESEND") or "0") or 0
    local ids = os.getenv("BENCH_IDS") or "random"
    if ids ~= "random" and ids ~= "time" then error("acks.lua: BENCH_IDS must be random or time") end
    time_ids = ids == "time"
    cookies = {}
    for line in io.lines(bench_need("BENCH_TOKENS")) do
        if line ~= "" then table.insert(cookies, "kd-p-" .. code .. "=" .. line) end
    end
    if #cookies == 0 then error("acks.lua: no tokens") end
    local acked = os.getenv("BENCH_ACKED")
    if acked ~= nil and acked ~= "" then
        acked_file = assert(io.open(acked .. "." .. thread_id, "a"))
        acked_file:setvbuf("line")
    end
    math.randomseed(os.time() * 1000 + run * 64 + thread_id)
    for _ = 1, 10 do math.random() end
    return code
end

local function new_id()
    counter = counter + 1
    if time_ids then
        local ms = os.time() * 1000
        return string.format("%08x-%04x-7%03x-8%03x-%012x", math.floor(ms / 65536), ms % 65536, run, thread_id, counter)
    end
    return string.format("%04x%04x-%04x-4%03x-8%03x-%012x",
        math.random(0, 65535), math.random(0, 65535), math.random(0, 65535), run, thread_id, counter)
end

-- The items of the next request and the phone's cookie: every BENCH_RESEND-th request the latest
-- request acknowledged as stored again, else n new items, make(id) building each. Phones take
-- turns; each thread starts at a different one.
function bench_next(n, make)
    requests = requests + 1
    if resend_every > 0 and last_acked ~= nil and requests % resend_every == 0 then
        for _, id in ipairs(last_acked.ids) do
            resent = resent + 1
            resending[id] = (resending[id] or 0) + 1
        end
        return last_acked.items, last_acked.cookie
    end
    local cookie = cookies[(requests * #threads + thread_id) % #cookies + 1]
    local items = {}
    for i = 1, n do
        local id = new_id()
        items[i] = make(id)
        sent = sent + 1
        unacked[id] = true
        items_of[id] = { items[i], cookie }
    end
    return items, cookie
end

function response(status, headers, body)
    if status ~= 200 then
        other = other + 1
        return
    end
    local acked = nil
    for id, answer in string.gmatch(body, '"id":"([%x%-]+)","stored":(%a+)') do
        local waiting = resending[id]
        if answer == "true" then
            if waiting then wrong = wrong + 1 end
            stored = stored + 1
            unacked[id] = nil
            local sent_as = items_of[id]
            if sent_as then
                items_of[id] = nil
                acked = acked or { items = {}, ids = {}, cookie = sent_as[2] }
                table.insert(acked.items, sent_as[1])
                table.insert(acked.ids, id)
            end
            if acked_file then acked_file:write(id, "\n") end
        elseif waiting then
            duplicate = duplicate + 1
            resending[id] = waiting > 1 and waiting - 1 or nil
        else
            wrong = wrong + 1
        end
    end
    if acked then last_acked = acked end
end

function done(summary, latency, requests)
    local totals = { sent = 0, resent = 0, stored = 0, duplicate = 0, other = 0, wrong = 0, unacked = 0, resend_cut = 0 }
    local out = os.getenv("BENCH_UNACKED")
    local file = out and io.open(out, "w")
    for _, thread in ipairs(threads) do
        for key, _ in pairs(totals) do
            if key ~= "unacked" and key ~= "resend_cut" then totals[key] = totals[key] + thread:get(key) end
        end
        for _, count in pairs(thread:get("resending")) do
            totals.resend_cut = totals.resend_cut + count
        end
        for id, _ in pairs(thread:get("unacked")) do
            totals.unacked = totals.unacked + 1
            if file then file:write(id, "\n") end
        end
    end
    if file then file:close() end
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d errors=%d non2xx3xx=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
        "sent=%d resent=%d stored=%d duplicate=%d other=%d unacked=%d resend_cut=%d wrong=%d\n",
        summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        totals.sent, totals.resent, totals.stored, totals.duplicate, totals.other, totals.unacked,
        totals.resend_cut, totals.wrong))
end
