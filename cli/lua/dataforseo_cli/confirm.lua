-- --yes and --confirm-over for the walking commands (anchors ..., report)
-- and the bulk commands:
-- when a walk's estimate (engine/confirm.lua) passes --confirm-over USD
-- (default 1), the estimate is shown and the user asked on the terminal;
-- without one (stdin and stderr) nothing is asked and the walk is not run
-- unless --yes.  The message says what was already spent (the first page,
-- when the estimate needed it) and what the rest would cost.  A walk not
-- confirmed writes nothing and exits 6 (exits.DECLINED).
--
--   local confirm = require "dataforseo_cli.confirm"
--   local o = confirm.walk_opts(opts, sys)  -> { confirm =, confirm_over = } for the walk
--   confirm.approve(opts, sys, usd, what)   -> true to send calls estimated at usd
--                                              (a bulk command's; asked the same way)
local printable = require "dataforseo.query.printable"

local M = {}

local DEFAULT_OVER = 1

local format = string.format

local function plural(n, word) return format("%d %s%s", n, word, n == 1 and "" or "s") end

-- The estimate in words: what it would cost against --confirm-over, what
-- is spent already and what the rest would cost.
local function describe(e, over)
    local what = {}
    what[#what + 1] = e.calls and plural(e.calls, "call") or "calls unknown"
    what[#what + 1] = e.items and plural(e.items, "item") or "items unknown (no --max-items; the "
        .. "first page tells)"
    local size = table.concat(what, ", ")
    if not e.known or not e.usd then
        return format("this walk may cost %s (%s), more than --confirm-over $%.2f; nothing is spent yet",
            e.usd and format("about $%.2f", e.usd) or "an unknown amount", size, over)
    end
    local spent = e.spent or 0
    -- A walk the store answered in part is asked about what it will pay from its first paid call.
    local stored = e.stored and e.stored > 0 and plural(e.stored, "page")
    return format("this walk would cost about $%.2f %s (%s%s), more than --confirm-over $%.2f: "
        .. "$%.5f already spent on its first call%s, about $%.2f more for the rest", e.usd,
        stored and "more" or "in all", size, stored and ("; " .. stored .. " came from the store, free") or "",
        over, spent, stored and " not in the store" or "", math.max(0, e.usd - spent))
end

-- What a no leaves: nothing, or the rows of the pages the store gave
-- before the first paid one (free, written as they came).
local function left(e)
    if e and e.stored and e.stored > 0 then
        return format("the rows of the %s from the store were written, nothing after them",
            plural(e.stored, "page"))
    end
    return "nothing was written"
end

-- The question on the terminal: true for a yes.
local function ask(sys, text, e)
    sys.stderr:write("dataforseo: " .. printable.line(text) .. ". Continue? [y/N] ")
    sys.stderr:flush()
    local answer = sys:read_answer()
    if answer and answer:match("^%s*[yY]") then return true end
    if answer == nil then sys.stderr:write("\n") end   -- Ctrl-C or Ctrl-D ended the line
    -- A signal is a no, said by the command's "interrupted" line.
    if not sys.pending_signal() then sys:say("dataforseo: not run: " .. left(e)) end
    return false
end

local function refuse(sys, text, e)
    sys:say("dataforseo: " .. text .. ". Not run: there is no terminal to ask on (add --yes, or raise "
        .. "--confirm-over); " .. left(e))
    return false
end

local function can_ask(sys) return sys.stdin_tty and sys.stderr_tty end

function M.walk_opts(opts, sys)
    if opts.yes then return {} end
    local over = opts.confirm_over or DEFAULT_OVER
    if can_ask(sys) then
        return { confirm_over = over, confirm = function(e) return ask(sys, describe(e, over), e) end }
    end
    return { confirm_over = over, confirm = function(e) return refuse(sys, describe(e, over), e) end }
end

-- Calls known before they are sent (a bulk command's batches): usd, the
-- estimate; what, their size in words ("3 calls for 2,499 targets").
-- -> true to send them.
function M.approve(opts, sys, usd, what)
    local over = opts.confirm_over or DEFAULT_OVER
    if opts.yes or usd <= over + 1e-9 then return true end
    local text = format("these %s would cost about $%.2f, more than --confirm-over $%.2f; nothing is spent yet",
        what, usd, over)
    if can_ask(sys) then return ask(sys, text) end
    return refuse(sys, text)
end

return M
