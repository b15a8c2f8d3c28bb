-- JSON text for the command's output (jsonl, json, maps inside CSV).
-- Written here rather than with cjson because output must be stable and
-- readable: keys of the envelope, tasks and items keep the documented order,
-- maps of counts are largest first, an empty `items` or `path` stays `[]`,
-- counts print as integers on every Lua, and "/" is not escaped.
--
--   json.encode(value [, { indent = "  " }])  -> text
--   json.ORDER                                  documented key order
local M = {}

local format, concat, floor, huge = string.format, table.concat, math.floor, math.huge
local mtype = math.type

-- Keys in the order DataForSEO writes them (envelope, task, result, item,
-- request data).  Keys not listed follow, sorted.
local ORDER_LIST = {
    -- envelope (version) and task (id) first
    "version", "id", "status_code", "status_message", "time", "cost", "tasks_count", "tasks_error",
    "tasks",
    -- task
    "result_count", "path", "data", "result",
    -- request echo
    "api", "function", "target", "limit", "offset", "internal_list_limit",
    "backlinks_status_type", "filters", "order_by", "backlinks_filters", "include_subdomains",
    "include_indirect_links", "exclude_internal_backlinks", "rank_scale", "tag",
    -- result
    "total_count", "items_count", "items",
    -- item
    "type", "anchor", "rank", "backlinks", "first_seen", "lost_date", "backlinks_spam_score",
    "broken_backlinks", "broken_pages", "referring_domains", "referring_domains_nofollow",
    "referring_main_domains", "referring_main_domains_nofollow", "referring_ips",
    "referring_subnets", "referring_pages", "referring_links_tld", "referring_links_types",
    "referring_links_attributes", "referring_links_platform_types",
    "referring_links_semantic_locations", "referring_links_countries", "referring_pages_nofollow",
}
local ORDER = {}
for i, k in ipairs(ORDER_LIST) do
    if ORDER[k] == nil then ORDER[k] = i end
end
M.ORDER = ORDER

-- Keys whose empty value is an empty array, not an empty object.
local ARRAY_KEYS = { tasks = true, result = true, items = true, path = true, filters = true,
    order_by = true, backlinks_filters = true }
M.ARRAY_KEYS = ARRAY_KEYS

-- Maps of counts in an anchors item: written largest count first, as the API does.
local COUNT_MAPS = { referring_links_tld = true, referring_links_types = true,
    referring_links_attributes = true, referring_links_platform_types = true,
    referring_links_semantic_locations = true, referring_links_countries = true }
M.COUNT_MAPS = COUNT_MAPS

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
    ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function escape_char(c)
    return ESCAPES[c] or format("\\u%04x", c:byte())
end

function M.quote(s)
    return '"' .. s:gsub('[%z\1-\31"\\]', escape_char) .. '"'
end
local quote = M.quote

-- Integers as integers (also a LuaJIT double holding one); other numbers in
-- the fewest digits that read back the same; NaN and infinities as null.
function M.number(n)
    if n ~= n or n == huge or n == -huge then return "null" end
    if mtype and mtype(n) == "integer" then return format("%d", n) end
    if n == floor(n) and n > -2 ^ 53 and n < 2 ^ 53 then return format("%d", n) end
    for digits = 15, 17 do
        local s = format("%." .. digits .. "g", n)
        if tonumber(s) == n then return s end
    end
    return format("%.17g", n)
end
local number = M.number

local function is_array(t)
    local n = #t
    if n == 0 then return false end
    local count = 0
    for _ in pairs(t) do count = count + 1 end
    return count == n
end

local function key_text(k)
    if type(k) == "number" then return number(k) end
    return tostring(k)
end

local function sorted_keys(t, parent)
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    if COUNT_MAPS[parent] then
        table.sort(keys, function(a, b)
            local ca, cb = t[a], t[b]
            if type(ca) == "number" and type(cb) == "number" and ca ~= cb then return ca > cb end
            return key_text(a) < key_text(b)
        end)
    else
        table.sort(keys, function(a, b)
            local ra, rb = ORDER[a], ORDER[b]
            if ra and rb then return ra < rb end
            if ra or rb then return ra ~= nil end
            return key_text(a) < key_text(b)
        end)
    end
    return keys
end

local encode

local function encode_table(t, out, parent, indent, depth)
    local nl, pad, inner = "", "", ""
    if indent then
        nl = "\n"
        pad = indent:rep(depth)
        inner = indent:rep(depth + 1)
    end
    if next(t) == nil then
        out[#out + 1] = ARRAY_KEYS[parent] and "[]" or "{}"
    elseif is_array(t) then
        out[#out + 1] = "["
        for i = 1, #t do
            out[#out + 1] = (i > 1 and "," or "") .. nl .. inner
            encode(t[i], out, parent, indent, depth + 1)
        end
        out[#out + 1] = nl .. pad .. "]"
    else
        out[#out + 1] = "{"
        for i, k in ipairs(sorted_keys(t, parent)) do
            out[#out + 1] = (i > 1 and "," or "") .. nl .. inner
            out[#out + 1] = quote(key_text(k))
            out[#out + 1] = indent and ": " or ":"
            encode(t[k], out, k, indent, depth + 1)
        end
        out[#out + 1] = nl .. pad .. "}"
    end
end

function encode(v, out, parent, indent, depth)
    local tv = type(v)
    if tv == "string" then
        out[#out + 1] = quote(v)
    elseif tv == "number" then
        out[#out + 1] = number(v)
    elseif tv == "boolean" then
        out[#out + 1] = v and "true" or "false"
    elseif tv == "table" then
        if depth > 100 then error("output.json: nested more than 100 levels (a cycle?)", 0) end
        encode_table(v, out, parent, indent, depth)
    else
        -- nil, and the JSON null sentinel (light userdata)
        out[#out + 1] = "null"
    end
end

-- opts.indent: a string to pretty-print with; opts.key: the key this value
-- sits under (decides [] vs {} and map order for a bare map).
function M.encode(v, opts)
    local out = {}
    encode(v, out, opts and opts.key, opts and opts.indent, 0)
    return concat(out)
end

return M
