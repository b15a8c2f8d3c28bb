-- The fenced code blocks of a markdown text, for the specs that run the
-- docs (spec/docs_spec.lua, spec/support/recipes.lua):
--
--   local fences = dofile("spec/support/fences.lua")
--   fences.blocks(text) -> { { line =, info =, lang =, tag =, why =, code = }, ... }
--     info: what follows the opening fence; lang, tag, why: its first word,
--     second word and the rest; code: the lines inside, each ended by "\n".
--     Raises when a block never closes.
local M = {}

function M.blocks(text)
    local out, current = {}, nil
    local n = 0
    for line in (text .. "\n"):gmatch("([^\n]*)\n") do
        n = n + 1
        local fence, info = line:match("^%s*(```+)%s*(.-)%s*$")
        if current then
            if fence and #fence >= #current.fence and info == "" then
                out[#out + 1] = current
                current = nil
            else
                current.lines[#current.lines + 1] = line
            end
        elseif fence then
            local lang, rest = info:match("^(%S*)%s*(.*)$")
            local tag, why = rest:match("^(%S*)%s*(.*)$")
            current = { line = n, fence = fence, info = info, lang = lang, tag = tag, why = why, lines = {} }
        end
    end
    assert(current == nil, "a code block opened at line " .. (current and current.line or 0) .. " never closes")
    for _, b in ipairs(out) do b.code = table.concat(b.lines, "\n") .. "\n" end
    return out
end

return M
