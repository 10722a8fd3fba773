-- wrk script: every request is a new answer set of the default questionnaire's pre-survey
-- (POST /api/audience/CODE/answers), sent for one of the joined phones (its cookie kd-p-CODE).
-- Ids, phones, resends, acknowledgements and the summary line: bench/lib/acks.lua (BENCH_LUA_LIB),
-- configured through its BENCH_* variables; here also BENCH_VERSION, the questionnaire version id.
dofile(os.getenv("BENCH_LUA_LIB") or error("answers.lua: BENCH_LUA_LIB is not set"))

local path, version

function init(args)
    path = "/api/audience/" .. bench_init() .. "/answers"
    version = bench_need("BENCH_VERSION")
end

local business = { "approve", "disapprove", "dont-know" }
local distance = { "family", "friend", "neighbour", "colleague", "citizen", "visitor", "none" }
local coexist = { "no", "rather-no", "rather-yes", "yes", "dont-know" }

local function pick(list) return list[math.random(#list)] end

-- 9 answers: every question of the pre-survey (traits has three items).
local function answer_set(id)
    return string.format(
        '{"id":"%s","phase":"pre","questionnaireVersion":"%s","answers":{"business":"%s","distance":"%s",' ..
        '"warmth":"%d","trust":"%d","coexist":"%s","traits.friendly":"%d","traits.trustworthy":"%d",' ..
        '"traits.peaceful":"%d","unease":"%d"}}',
        id, version, pick(business), pick(distance), math.random(0, 100), math.random(1, 5), pick(coexist),
        math.random(1, 5), math.random(1, 5), math.random(1, 5), math.random(1, 5))
end

function request()
    local items, cookie = bench_next(1, answer_set)
    return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Cookie"] = cookie }, items[1])
end
