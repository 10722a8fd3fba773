-- What the audience benchmarks' wrk scripts share (bench/ingest/answers.lua, bench/votes/votes.lua):
-- ids, phones taking turns, resends, and the accounting of every id against its acknowledgement.
-- A script loads it with dofile(os.getenv("BENCH_LUA_LIB")), calls bench_init() from its init()
-- and, from request(), bench_next(n, make) for the items of the request; response() and done()
-- are defined here. Every answer of the server is 200 with {"id": ..., "stored": true|false}, or an
-- array of those (one per item, in order).
-- Configuration through the environment (the main and the thread Lua states both see it):
--   BENCH_CODE      join code                BENCH_TOKENS  file, one phone token per line
--   BENCH_THREADS   wrk's thread count (-t): the threads take the phones in turn between them
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
--   BENCH_PACE      0 (default): every connection sends its next request as soon as the answer to
--                   the last one is in (closed loop; wrk measures latency). R > 0: open loop, R
--                   requests per second in all: each thread draws send times from a Poisson process
--                   of R / threads per second and hands them out, in order, to its connections as
--                   they become free (wrk's delay()); a request's latency is measured from the time
--                   it was due, not from when it went out, so a request that had to wait for a free
--                   connection counts its wait (no coordinated omission).
-- Either way the run, the wrk thread and a per-thread counter follow, so no two items of a run share
-- an id; the run number is always characters 16-18.
-- done() prints one line that the run script parses:
--   BENCH requests=N duration_us=N errors=N non2xx3xx=N p50_ms=X p90_ms=X p99_ms=X max_ms=X
--         sent=N resent=N stored=N duplicate=N other=N unacked=N resend_cut=N wrong=N
--         [paced: timed=N late=N]  (paced: p50..max are measured from the due times; timed: requests
--         answered 200 and timed so; late: requests sent more than 5 ms after their due time because
--         no connection of the thread was free)
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
local cookies, run, resend_every, time_ids, thread_count
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

-- Open loop (BENCH_PACE): a monotonic clock in milliseconds through LuaJIT's FFI.
local pace = tonumber(os.getenv("BENCH_PACE") or "0") or 0
local now_ms
latencies, late = {}, 0 -- per thread (done() reads them): ms from due time to answer; requests sent late
local due_times = {}      -- due times handed out by delay(), not yet taken by request() (FIFO)
local due_first, due_last = 1, 0
local next_due = nil      -- the thread's next due time
local sent_due = {}       -- first id of a request -> its due time, until the answer
if pace > 0 then
    local ffi = require("ffi")
    ffi.cdef [[
        typedef struct { long tv_sec; long tv_nsec; } kd_timespec;
        int clock_gettime(int clock_id, kd_timespec *tp);
    ]]
    local ts = ffi.new("kd_timespec")
    now_ms = function()
        ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
        return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end

    -- wrk asks before every request of a connection (its first too) how long to wait: until the
    -- next due time of this thread's Poisson process (R / BENCH_THREADS per second).
    local mean_gap = 1000 * tonumber(bench_need("BENCH_THREADS")) / pace
    function delay()
        local now = now_ms()
        next_due = (next_due or now) - mean_gap * math.log(1 - math.random())
        due_last = due_last + 1
        due_times[due_last] = next_due
        return math.max(0, math.floor(next_due - now + 0.5))
    end
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
    -- (the threads' own Lua states do not see setup()'s list of threads)
    thread_count = tonumber(bench_need("BENCH_THREADS"))
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
local function take_due(first_id)
    if pace == 0 then return end
    -- Connections leave their wait in the order of their due times, so the earliest due time not
    -- yet taken is this request's.
    local due = due_times[due_first]
    if due == nil then return end
    due_times[due_first] = nil
    due_first = due_first + 1
    if now_ms() - due > 5 then late = late + 1 end
    sent_due[first_id] = due
end

function bench_next(n, make)
    requests = requests + 1
    if resend_every > 0 and last_acked ~= nil and requests % resend_every == 0 then
        for _, id in ipairs(last_acked.ids) do
            resent = resent + 1
            resending[id] = (resending[id] or 0) + 1
        end
        take_due(last_acked.ids[1])
        return last_acked.items, last_acked.cookie
    end
    local cookie = cookies[((requests - 1) * thread_count + thread_id - 1) % #cookies + 1]
    local items = {}
    for i = 1, n do
        local id = new_id()
        items[i] = make(id)
        sent = sent + 1
        unacked[id] = true
        items_of[id] = { items[i], cookie }
        if i == 1 then take_due(id) end
    end
    return items, cookie
end

function response(status, headers, body)
    if status ~= 200 then
        other = other + 1
        return
    end
    local acked = nil
    local first = true
    for id, answer in string.gmatch(body, '"id":"([%x%-]+)","stored":(%a+)') do
        if first and pace > 0 then
            first = false
            local due = sent_due[id]
            if due then
                sent_due[id] = nil
                latencies[#latencies + 1] = now_ms() - due
            end
        end
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
    local p50, p90, p99, max = latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000
    local paced = ""
    if pace > 0 then
        -- Latency from the due time, over every answered request of every thread.
        local all, late_all = {}, 0
        for _, thread in ipairs(threads) do
            for _, ms in ipairs(thread:get("latencies")) do all[#all + 1] = ms end
            late_all = late_all + thread:get("late")
        end
        table.sort(all)
        local function at(q) return #all == 0 and 0 or all[math.max(1, math.ceil(q / 100 * #all))] end
        p50, p90, p99, max = at(50), at(90), at(99), at(100)
        paced = string.format(" timed=%d late=%d", #all, late_all)
    end
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d errors=%d non2xx3xx=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
        "sent=%d resent=%d stored=%d duplicate=%d other=%d unacked=%d resend_cut=%d wrong=%d%s\n",
        summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
        p50, p90, p99, max,
        totals.sent, totals.resent, totals.stored, totals.duplicate, totals.other, totals.unacked,
        totals.resend_cut, totals.wrong, paced))
end
