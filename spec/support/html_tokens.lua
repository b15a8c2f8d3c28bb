-- A small HTML tokenizer for the report specs: enough of the HTML syntax
-- (doctype, comments, start and end tags with quoted, unquoted and bare
-- attributes, raw-text <style>/<script>, character references) to read our
-- own pages and the DOM Chromium serialises with --dump-dom.
--
--   local html = dofile("spec/support/html_tokens.lua")
--   for _, t in ipairs(html.tokens(text)) do ... end
--     { kind = "start", name = "svg", attrs = { {name, value}, ... }, by = { name = value } }
--     { kind = "end", name = "svg" } | { kind = "text", text = decoded } |
--     { kind = "comment", text = } | { kind = "doctype", text = }
--   html.decode(s)          character references -> UTF-8
--   html.elements(tokens, name) -> the start tokens of that element name
--   html.text(tokens)       all text nodes (outside <style>/<script>) joined by "\n"
local M = {}

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = "\194\160" }

local function utf8_char(cp)
    if cp < 0x80 then return string.char(cp) end
    if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64) end
    if cp < 0x10000 then
        return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
    end
    return string.char(0xF0 + math.floor(cp / 262144), 0x80 + math.floor(cp / 4096) % 64,
        0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
end

function M.decode(s)
    return (s:gsub("&(#?[xX]?)(%w+);", function(kind, body)
        if kind == "" then return NAMED[body] end
        local cp = tonumber(body, (kind == "#x" or kind == "#X") and 16 or 10)
        if not cp then return nil end
        return utf8_char(cp)
    end))
end

local RAW = { style = true, script = true }

function M.tokens(s)
    local out, i, n = {}, 1, #s
    local function text_until(j)
        if j > i then out[#out + 1] = { kind = "text", text = M.decode(s:sub(i, j - 1)) } end
    end
    while i <= n do
        local lt = s:find("<", i, true)
        if not lt then text_until(n + 1); break end
        local nxt = s:sub(lt + 1, lt + 1)
        if s:sub(lt, lt + 3) == "<!--" then
            text_until(lt)
            local close = s:find("-->", lt + 4, true) or (n - 2)
            out[#out + 1] = { kind = "comment", text = s:sub(lt + 4, close - 1) }
            i = close + 3
        elseif nxt == "!" then
            text_until(lt)
            local close = s:find(">", lt, true) or n
            out[#out + 1] = { kind = "doctype", text = s:sub(lt + 2, close - 1) }
            i = close + 1
        elseif nxt == "/" and s:sub(lt + 2, lt + 2):find("%a") then
            text_until(lt)
            local name, close = s:match("^</([%w:-]+)[^>]*()>", lt)
            out[#out + 1] = { kind = "end", name = name:lower() }
            i = close + 1
        elseif nxt:find("%a") then
            text_until(lt)
            local name, j = s:match("^<([%w:-]+)()", lt)
            local tok = { kind = "start", name = name:lower(), attrs = {}, by = {} }
            while true do
                j = s:match("^[%s/]*()", j)
                local c = s:sub(j, j)
                if c == ">" or c == "" then break end
                local aname, k = s:match("^([^%s/>=]+)()", j)
                if not aname then j = j + 1 else
                    local value = ""
                    local eq = s:match("^%s*=%s*()", k)
                    if eq then
                        local q = s:sub(eq, eq)
                        if q == '"' or q == "'" then
                            local close = s:find(q, eq + 1, true) or n + 1
                            value, k = s:sub(eq + 1, close - 1), close + 1
                        else
                            local v, after = s:match("^([^%s>]*)()", eq)
                            value, k = v, after
                        end
                    end
                    aname = aname:lower()
                    value = M.decode(value)
                    tok.attrs[#tok.attrs + 1] = { aname, value }
                    tok.by[aname] = value
                    j = k
                end
            end
            out[#out + 1] = tok
            i = j + 1
            if RAW[tok.name] then
                local close = s:lower():find("</" .. tok.name, i, true) or (n + 1)
                out[#out + 1] = { kind = "raw", text = s:sub(i, close - 1) }
                i = close
            end
        else
            -- A "<" that starts no tag is text.
            text_until(lt + 1)
            i = lt + 1
        end
    end
    return out
end

function M.elements(tokens, name)
    local list = {}
    for _, t in ipairs(tokens) do
        if t.kind == "start" and t.name == name then list[#list + 1] = t end
    end
    return list
end

function M.text(tokens)
    local parts = {}
    for _, t in ipairs(tokens) do
        if t.kind == "text" then parts[#parts + 1] = t.text end
    end
    return table.concat(parts, "\n")
end

return M
