-- JSON text written by hand, for the three things a generic encoder gets
-- wrong here: key order (items keep the documented order, maps are sorted
-- by count), empty arrays (a decoded `[]` is an empty Lua table, which
-- cjson would write as `{}`), and numbers (counts print as integers, never
-- "1.0" or "1e+15").  Pure Lua, 5.1-5.4 common subset.
local M = {}

local format, concat, floor = string.format, table.concat, math.floor

-- The JSON null sentinel: cjson.null / ngx.null / dataforseo.null are all
-- the NULL light userdata, so any of them is recognised by type.
local function is_null(v) return type(v) == "userdata" end

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function escape_char(c)
  return ESCAPES[c] or format("\\u%04x", c:byte())
end

function M.quote(s)
  return '"' .. s:gsub('[%z\1-\31"\\]', escape_char) .. '"'
end
local quote = M.quote

function M.number(n)
  if n == floor(n) and n > -2^63 and n < 2^63 then return format("%d", n) end
  if n ~= n or n == math.huge or n == -math.huge then return "null" end
  return format("%.17g", n)
end
local number = M.number

-- Money as the API prints it: 0.02012, not 0.020120000000000002.
function M.money(x)
  if x == floor(x) then return format("%d", x) end
  return format("%.10g", x)
end

local function is_array(t)
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

-- Any Lua value (as decoded from a request) as JSON.  Empty tables become
-- `[]` when `empty_as_array` says so for that key (see M.echo).
local function encode(v, out, empty_as_array)
  local tv = type(v)
  if tv == "string" then
    out[#out + 1] = quote(v)
  elseif tv == "number" then
    out[#out + 1] = number(v)
  elseif tv == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif tv == "table" then
    if next(v) == nil then
      out[#out + 1] = empty_as_array and "[]" or "{}"
    elseif is_array(v) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out, true)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = quote(k)
        out[#out + 1] = ":"
        local val = v[k]
        if val == nil then val = v[tonumber(k)] end
        encode(val, out, false)
      end
      out[#out + 1] = "}"
    end
  else
    out[#out + 1] = "null"   -- JSON null sentinel (light userdata) or anything else
  end
end

function M.encode(v, empty_as_array)
  local out = {}
  encode(v, out, empty_as_array)
  return concat(out)
end

-- Request fields that are arrays: an empty one is echoed as [].
local ARRAY_FIELDS = { filters = true, order_by = true, backlinks_filters = true }

-- The task's `data`: the request echoed with api and function first.
function M.echo(task, api, fn)
  local out = { '{"api":', quote(api), ',"function":', quote(fn) }
  if type(task) == "table" then
    local keys = {}
    for k in pairs(task) do
      if type(k) == "string" and k ~= "api" and k ~= "function" then keys[#keys + 1] = k end
    end
    table.sort(keys)
    for _, k in ipairs(keys) do
      out[#out + 1] = ","
      out[#out + 1] = quote(k)
      out[#out + 1] = ":"
      encode(task[k], out, ARRAY_FIELDS[k])
    end
  end
  out[#out + 1] = "}"
  return concat(out)
end

-- A map of counts, largest first (ties by key), at most `limit` entries;
-- nil -> null.
function M.count_map(map, limit)
  if map == nil or is_null(map) then return "null" end
  local keys = {}
  for k in pairs(map) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ca, cb = map[a], map[b]
    if ca ~= cb then return ca > cb end
    return a < b
  end)
  local out = { "{" }
  local n = #keys
  if limit and limit < n then n = limit end
  for i = 1, n do
    if i > 1 then out[#out + 1] = "," end
    out[#out + 1] = quote(keys[i])
    out[#out + 1] = ":"
    out[#out + 1] = format("%d", map[keys[i]])
  end
  out[#out + 1] = "}"
  return concat(out)
end

local function str_or_null(s)
  if s == nil or is_null(s) then return "null" end
  return quote(s)
end

-- One anchors item, keys in the documented order.  `maps_limited` names
-- the maps that internal_list_limit applies to.
function M.item(it, limit, maps_limited)
  local function map(name)
    return M.count_map(it[name], maps_limited[name] and limit or nil)
  end
  return concat({
    '{"type":"backlinks_anchor","anchor":', str_or_null(it.anchor),
    ',"rank":', format("%d", it.rank),
    ',"backlinks":', format("%d", it.backlinks),
    ',"first_seen":', str_or_null(it.first_seen),
    ',"lost_date":', str_or_null(it.lost_date),
    ',"backlinks_spam_score":', format("%d", it.backlinks_spam_score),
    ',"broken_backlinks":', format("%d", it.broken_backlinks),
    ',"broken_pages":', format("%d", it.broken_pages),
    ',"referring_domains":', format("%d", it.referring_domains),
    ',"referring_domains_nofollow":', format("%d", it.referring_domains_nofollow),
    ',"referring_main_domains":', format("%d", it.referring_main_domains),
    ',"referring_main_domains_nofollow":', format("%d", it.referring_main_domains_nofollow),
    ',"referring_ips":', format("%d", it.referring_ips),
    ',"referring_subnets":', format("%d", it.referring_subnets),
    ',"referring_pages":', format("%d", it.referring_pages),
    ',"referring_links_tld":', map("referring_links_tld"),
    ',"referring_links_types":', map("referring_links_types"),
    ',"referring_links_attributes":', map("referring_links_attributes"),
    ',"referring_links_platform_types":', map("referring_links_platform_types"),
    ',"referring_links_semantic_locations":', map("referring_links_semantic_locations"),
    ',"referring_links_countries":', map("referring_links_countries"),
    ',"referring_pages_nofollow":', format("%d", it.referring_pages_nofollow),
    "}",
  })
end

return M
