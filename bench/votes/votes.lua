-- wrk script: every request is a phone's outbox of BENCH_BATCH new votes on the seeded statements
-- (POST /api/audience/CODE/votes with a JSON array; with BENCH_BATCH=1 a single vote object, as
-- the phone's page sends it), for one of the joined phones (its cookie kd-p-CODE).
-- Ids, phones, resends, acknowledgements and the summary line: bench/lib/acks.lua (BENCH_LUA_LIB),
-- configured through its BENCH_* variables; here also BENCH_STATEMENTS (file, one statement id per
-- line) and BENCH_BATCH (votes per request, 1..100).
dofile(os.getenv("BENCH_LUA_LIB") or error("votes.lua: BENCH_LUA_LIB is not set"))

local path, statements, batch

function init(args)
    path = "/api/audience/" .. bench_init() .. "/votes"
    statements = {}
    for line in io.lines(bench_need("BENCH_STATEMENTS")) do
        if line ~= "" then table.insert(statements, line) end
    end
    if #statements == 0 then error("votes.lua: no statements") end
    batch = tonumber(bench_need("BENCH_BATCH"))
end

local function vote(id)
    return string.format('{"id":"%s","statement":"%s","vote":%d}', id, statements[math.random(#statements)], math.random(-1, 1))
end

function request()
    local items, cookie = bench_next(batch, vote)
    local body = batch == 1 and items[1] or "[" .. table.concat(items, ",") .. "]"
    return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, body)
end
