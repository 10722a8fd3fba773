-- wrk script: phones in the dialogue, through nginx: most requests are a phone's outbox of BENCH_BATCH
-- new votes on the seeded statements (POST /api/audience/CODE/votes), every BENCH_ANSWER_EVERY-th an
-- answer set of the pre-survey (POST /api/audience/CODE/answers, 9 answers), each for one of the
-- joined phones in turn (its cookie kd-p-CODE).
-- Ids, phones, acknowledgements and the summary line: bench/lib/acks.lua (BENCH_LUA_LIB); BENCH_RESEND
-- must be 0 (a resend would send a request's items again as they were). Also BENCH_STATEMENTS (file,
-- one statement id per line), BENCH_VERSION (the questionnaire version id), BENCH_BATCH (1..100).
dofile(os.getenv("BENCH_LUA_LIB") or error("phones.lua: BENCH_LUA_LIB is not set"))

local votes_path, answers_path, statements, version, batch, answer_every
local sent_requests = 0

function init(args)
    local code = bench_init()
    votes_path = "/api/audience/" .. code .. "/votes"
    answers_path = "/api/audience/" .. code .. "/answers"
    statements = {}
    for line in io.lines(bench_need("BENCH_STATEMENTS")) do
        if line ~= "" then table.insert(statements, line) end
    end
    if #statements == 0 then error("phones.lua: no statements") end
    version = bench_need("BENCH_VERSION")
    batch = tonumber(bench_need("BENCH_BATCH"))
    answer_every = tonumber(bench_need("BENCH_ANSWER_EVERY"))
    if (tonumber(os.getenv("BENCH_RESEND") or "0") or 0) ~= 0 then error("phones.lua: BENCH_RESEND must be 0") end
end

local function vote(id)
    return string.format('{"id":"%s","statement":"%s","vote":%d}', id, statements[math.random(#statements)], math.random(-1, 1))
end

local business = { "approve", "disapprove", "dont-know" }
local distance = { "family", "friend", "neighbour", "colleague", "citizen", "visitor", "none" }
local coexist = { "no", "rather-no", "rather-yes", "yes", "dont-know" }
local function pick(list) return list[math.random(#list)] end

local function answer_set(id)
    return string.format(
        '{"id":"%s","phase":"pre","questionnaireVersion":"%s","answers":{"business":"%s","distance":"%s",' ..
        '"warmth":"%d","trust":"%d","coexist":"%s","traits.friendly":"%d","traits.trustworthy":"%d",' ..
        '"traits.peaceful":"%d","unease":"%d"}}',
        id, version, pick(business), pick(distance), math.random(0, 100), math.random(1, 5), pick(coexist),
        math.random(1, 5), math.random(1, 5), math.random(1, 5), math.random(1, 5))
end

function request()
    sent_requests = sent_requests + 1
    if sent_requests % answer_every == 0 then
        local items, cookie = bench_next(1, answer_set)
        return wrk.format("POST", answers_path, { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, items[1])
    end
    local items, cookie = bench_next(batch, vote)
    local body = batch == 1 and items[1] or "[" .. table.concat(items, ",") .. "]"
    return wrk.format("POST", votes_path, { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, body)
end
