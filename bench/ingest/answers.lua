-- wrk script: every request is a new answer set of the default questionnaire's pre-survey
-- (POST /api/audience/CODE/answers), sent for one of the joined phones (its cookie kd-p-CODE).
-- Configuration through the environment (the main and the thread Lua states both see it):
--   INGEST_CODE     join code             INGEST_VERSION  questionnaire version id
--   INGEST_TOKENS   file, one phone token per line
--   INGEST_RUN      run number 1..4095: goes into every id, so runs can be told apart in the database
--   INGEST_RESEND   0 (default) or K: every K-th request resends this thread's latest acknowledged id
--   INGEST_UNACKED  file that done() fills with the ids sent but never answered 200 (cut off by the
--                   end of the run, or refused)
--   INGEST_ACKED    optional path prefix: each thread appends every id acknowledged as stored to
--                   PREFIX.THREAD as the 200 arrives (line-buffered; for the kill -9 test)
-- Ids look like version-4 UUIDs: 48 random bits first (inserted all over the primary-key index, as
-- phones' crypto.randomUUID() would), then the run, the wrk thread and a per-thread counter, so no
-- two requests of a run share an id.
-- done() prints one line that run.sh parses:
--   BENCH requests=N duration_us=N errors=N non2xx3xx=N p50_ms=X p90_ms=X p99_ms=X max_ms=X
--         sent=N resent=N stored=N duplicate=N other=N unacked=N resend_cut=N wrong=N
-- (stored/duplicate: 200 answers "stored": true/false; resend_cut: resends not answered before the
-- end; wrong: a resend answered "stored": true, or a new id answered "stored": false)

local threads = {}
-- Per-thread globals (done() reads them with thread:get):
counter, sent, resent, stored, duplicate, other, wrong = 0, 0, 0, 0, 0, 0, 0
unacked = {}          -- id -> true while sent and not yet acknowledged
resending = {}        -- id -> resends of it not answered yet
local last_acked = nil
local acked_file = nil
local tokens, path, version, run, resend_every   -- thread_id is set by setup()

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_id", #threads)
end

local function need(name)
    local value = os.getenv(name)
    if value == nil or value == "" then error("answers.lua: " .. name .. " is not set") end
    return value
end

function init(args)
    local code = need("INGEST_CODE")
    version = need("INGEST_VERSION")
    run = tonumber(need("INGEST_RUN"))
    resend_every = tonumber(os.getenv("INGEST_RESEND") or "0") or 0
    tokens = {}
    for line in io.lines(need("INGEST_TOKENS")) do
        if line ~= "" then table.insert(tokens, "kd-p-" .. code .. "=" .. line) end
    end
    if #tokens == 0 then error("answers.lua: no tokens") end
    path = "/api/audience/" .. code .. "/answers"
    local acked = os.getenv("INGEST_ACKED")
    if acked ~= nil and acked ~= "" then
        acked_file = assert(io.open(acked .. "." .. thread_id, "a"))
        acked_file:setvbuf("line")
    end
    math.randomseed(os.time() * 1000 + run * 64 + thread_id)
    for _ = 1, 10 do math.random() end
end

local business = { "approve", "disapprove", "dont-know" }
local distance = { "family", "friend", "neighbour", "colleague", "citizen", "visitor", "none" }
local coexist = { "no", "rather-no", "rather-yes", "yes", "dont-know" }

local function pick(list) return list[math.random(#list)] end

local function new_id()
    counter = counter + 1
    return string.format("%04x%04x-%04x-4%03x-8%03x-%012x",
        math.random(0, 65535), math.random(0, 65535), math.random(0, 65535), run, thread_id, counter)
end

function request()
    local id
    if resend_every > 0 and last_acked ~= nil and (sent + resent) % resend_every == resend_every - 1 then
        id = last_acked
        resent = resent + 1
        resending[id] = (resending[id] or 0) + 1
    else
        id = new_id()
        sent = sent + 1
        unacked[id] = true
    end
    -- 9 answers: every question of the pre-survey (traits has three items).
    local body = string.format(
        '{"id":"%s","phase":"pre","questionnaireVersion":"%s","answers":{"business":"%s","distance":"%s",' ..
        '"warmth":"%d","trust":"%d","coexist":"%s","traits.friendly":"%d","traits.trustworthy":"%d",' ..
        '"traits.peaceful":"%d","unease":"%d"}}',
        id, version, pick(business), pick(distance), math.random(0, 100), math.random(1, 5), pick(coexist),
        math.random(1, 5), math.random(1, 5), math.random(1, 5), math.random(1, 5))
    -- Phones take turns; each thread starts at a different one.
    local cookie = tokens[((sent + resent) * #threads + thread_id) % #tokens + 1]
    return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, body)
end

function response(status, headers, body)
    if status ~= 200 then
        other = other + 1
        return
    end
    -- {"id":"<36 characters>","stored":true|false}
    local id = string.sub(body, 8, 43)
    local waiting = resending[id]
    if string.find(body, '"stored":true', 44, true) then
        if waiting then wrong = wrong + 1 end
        stored = stored + 1
        unacked[id] = nil
        last_acked = id
        if acked_file then acked_file:write(id, "\n") end
    elseif waiting then
        duplicate = duplicate + 1
        resending[id] = waiting > 1 and waiting - 1 or nil
    else
        wrong = wrong + 1
    end
end

function done(summary, latency, requests)
    local totals = { sent = 0, resent = 0, stored = 0, duplicate = 0, other = 0, wrong = 0, unacked = 0, resend_cut = 0 }
    local out = os.getenv("INGEST_UNACKED")
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
