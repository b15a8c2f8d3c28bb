-- The exit codes of the command and the lines that end a run.
--
--   local exits = require "dataforseo_cli.exits"
--   exits.OK, API, USAGE, NETWORK, OUTPUT, INTERNAL, DECLINED, SIGINT, SIGTERM
--   exits.code(err)                    -> the exit code of an error object
--   exits.signal(sys, err)             -> "SIGINT" | "SIGTERM" | nil: the signal behind
--                                         an interruption (pending, or named by err)
--   exits.interrupted(sys, name, what) -> 130 | 143, after its one line on stderr
--   exits.failed(sys, err, what)       -> the exit code of a failed call, after its line:
--                                         "interrupted by ...: <what>", or the error
--   exits.summary(w, client)           -> "dataforseo: 3 items, 1 call, ..." (a walk;
--                                         retries: the client's count, every call's; USD:
--                                         the client's, with what of it is presumed)
--   exits.written(items, w, client)    -> "3 items written (1 call, $0.02030, 0.12 s)"
--   exits.usd(client)                  -> "$0.06090 (of which $0.04060 presumed)" | "$0.02030"
--   xpcall(f, exits.internal)          -> error objects and usage errors as they are;
--                                         anything else (a bug) as { internal = message,
--                                         traceback = ... }, out of memory as { internal,
--                                         memory = true }
local errors = require "dataforseo.errors"
local process = require "dataforseo_cli.process"
local usage = require "dataforseo_cli.usage"

local M = {}

local format, concat = string.format, table.concat

M.OK, M.API, M.USAGE, M.NETWORK, M.OUTPUT, M.INTERNAL = 0, 1, 2, 3, 4, 5
M.DECLINED = 6    -- a walk above --confirm-over that was not confirmed: nothing written
M.SIGINT, M.SIGTERM = process.EXIT_CODES.SIGINT, process.EXIT_CODES.SIGTERM

-- Out of memory: a string raised by Lua, not an error object, and no
-- memory to spare for a traceback.
local MEMORY = { internal = "out of memory", memory = true }
local MEMORY_MESSAGES = { ["not enough memory"] = true, ["error in error handling"] = true }

function M.internal(e)
    if errors.is_error(e) or usage.is(e) or (type(e) == "table" and e.internal) then return e end
    if MEMORY_MESSAGES[e] then return MEMORY end
    local message = tostring(e)
    return { internal = message, traceback = debug.traceback(message, 2) }
end

function M.code(err)
    if err.kind == "validation" then return M.USAGE end
    if err.kind == "transport" then return M.NETWORK end
    return M.API
end

function M.signal(sys, err)
    local name = sys.pending_signal()
    if name then return name end
    if errors.is_error(err) and err.category == "interrupted" then
        return tostring(err.message):match("SIG%u+") or "SIGINT"
    end
    return nil
end

function M.interrupted(sys, name, what)
    sys:say(format("dataforseo: interrupted by %s: %s", name, what))
    return process.EXIT_CODES[name] or M.SIGINT
end

function M.failed(sys, err, what)
    local name = M.signal(sys, err)
    if name then return M.interrupted(sys, name, what) end
    sys:say(tostring(err))
    return M.code(err)
end

local function plural(n, word)
    return format("%d %s%s", n, word, n == 1 and "" or "s")
end

-- What the client spent: the API's costs and the estimates of calls whose
-- cost is not known (presumed: the API may have charged them).
function M.usd(client, fallback)
    local ok, spent, presumed = pcall(client.spent, client)
    if not ok or type(spent) ~= "number" then return format("$%.5f", fallback or 0) end
    if type(presumed) ~= "number" or presumed <= 0 then return format("$%.5f", spent) end
    return format("$%.5f (of which $%.5f presumed)", spent, presumed)
end

function M.summary(w, client)
    local retries = w.retries
    local ok, st = pcall(client.stats, client)
    if ok and type(st) == "table" and type(st.retries) == "number" then retries = st.retries end
    local parts = {
        plural(w.items, "item"), plural(w.calls, "call"),
        retries and format("%d %s", retries, retries == 1 and "retry" or "retries") or "retries n/a",
        M.usd(client, w.cost), format("%.2f s", w:elapsed()),
    }
    if w.total_count then parts[#parts + 1] = format("total_count %d", w.last_total_count) end
    return "dataforseo: " .. concat(parts, ", ") .. M.stored(w)
end

-- The response store's part of a summary: "; N pages from the store, $X saved".
function M.stored(w)
    if (w.stored or 0) == 0 then return "" end
    return format("; %s from the store, $%.5f saved", plural(w.stored, "page"), w.saved or 0)
end

function M.written(items, w, client)
    local elapsed = type(w.elapsed) == "function" and w:elapsed() or 0
    local usd = client and M.usd(client, w.cost) or format("$%.5f", w.cost or 0)
    return format("%s written (%s, %s, %.2f s%s)", plural(items, "item"), plural(w.calls or 0, "call"),
        usd, elapsed, M.stored(w))
end

return M
