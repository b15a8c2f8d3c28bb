-- Keeping credentials out of messages: what a server (or a proxy, or
-- Redis) says comes back into error messages, and may echo a credential
-- in any of the forms it was sent in.  The client makes one scrubber per
-- client, when the first message needs it.
--
--   local scrub = require("dataforseo.scrub").new(secrets, joined)
--     secrets: strings to hide (password, login, proxy user:password, ...);
--     joined: "login:password" pairs (hidden as the Basic header's base64)
--   scrub(text) -> text with every form of every secret as "***"
-- Forms: as is, base64, percent-encoded (upper and lower case), each
-- matched whatever the case of its letters (a server may upper-case what it
-- echoes), longest first.  Forms shorter than client.MIN_CREDENTIAL are
-- left alone: they would hide ordinary words (the client refuses such
-- credentials).
local M = {}

local MIN = require("dataforseo.client").MIN_CREDENTIAL

local concat, format = table.concat, string.format

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(s)
    local out, floor = {}, math.floor
    local function at(n) return B64:sub(n % 64 + 1, n % 64 + 1) end
    for i = 1, #s, 3 do
        local a, b, c = s:byte(i, i + 2)
        local n = a * 65536 + (b or 0) * 256 + (c or 0)
        out[#out + 1] = at(floor(n / 262144)) .. at(floor(n / 4096)) ..
            (b and at(floor(n / 64)) or "=") .. (c and at(n) or "=")
    end
    return concat(out)
end

local function percent(s, upper)
    return (s:gsub("[^%w%-._~]", function(c)
        return format(upper and "%%%02X" or "%%%02x", c:byte())
    end))
end

local function forms(secrets, joined)
    local out, seen = {}, {}
    local function add(s)
        if s and #s >= MIN and not seen[s] then
            seen[s] = true
            out[#out + 1] = s
        end
    end
    for _, pair in ipairs(joined or {}) do add(base64(pair)) end
    for _, s in ipairs(secrets) do
        add(s)
        add(percent(s, true))
        add(percent(s, false))
        add(base64(s))
    end
    table.sort(out, function(a, b) return #a > #b end)
    return out
end

-- A pattern for s whatever the case of its letters: magic characters
-- escaped, then each letter a class ([xX] needs no escape).
local function caseless(s)
    local escaped = s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
    return (escaped:gsub("%a", function(c) return "[" .. c:lower() .. c:upper() .. "]" end))
end

function M.new(secrets, joined)
    local patterns = {}
    for i, s in ipairs(forms(secrets, joined)) do patterns[i] = caseless(s) end
    return function(text)
        if type(text) ~= "string" then return text end
        for i = 1, #patterns do text = text:gsub(patterns[i], "***") end
        return text
    end
end

return M
