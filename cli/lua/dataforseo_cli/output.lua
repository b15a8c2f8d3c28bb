-- Writers for the command's output formats.
--
--   local output = require "dataforseo_cli.output"
--   local w = output.new("csv", io.stdout, { fields = {...}, width = 80, csv_raw = false,
--                                             view = output.view(endpoint [, params]) })
--   w:items(page.items)        -- any number of times (csv, jsonl, table)
--   w:response(page.response)  -- json: the raw response of one call
--   w:close()                  -- a CSV or table with no rows still gets its header
--   output.fields_option("a,b", view) -> { "a", "b" } | nil, message (--fields checked)
--
-- Formats:
--   table  aligned columns fitted to `width` (default: the view's table_fields)
--   csv    RFC 4180: header row, CRLF line ends, fields quoted when they hold
--          a comma, a quote, CR or LF; maps as JSON text; null as an empty field.
--          Text from the server is made safe for spreadsheets and terminals
--          (OWASP CSV injection): a text cell starting with = + - @ TAB or CR
--          gets a leading ', and control characters other than TAB, CR and
--          LF (ESC, ...), C1 and bidi controls become visible escapes (see
--          printable.lua).  Numbers are written by us as numbers (-5 from a
--          numeric field stays -5); a text "-5" gets the '.  csv_raw = true
--          writes cells exactly as received.
--   jsonl  one item per line (the whole item, or the chosen fields)
--   json   the response of a single call, pretty-printed
--   jsonl and json escape C1 and bidi controls as \uXXXX (the same JSON value);
--   table cells pass through printable.escape.
-- Field names: those of the endpoint's item (a view: its schema, plus
-- "type"; the anchors endpoint's by default), or "map.key" for one key of a map
-- ("referring_links_tld.com"; a missing key is 0, as the API counts it).
-- A view may turn items into rows first (view.rows(items) -> rows: the
-- intersections, output/intersection.lua): CSV, the table and JSON lines
-- with chosen fields write the rows; JSON lines without --fields, the items.
-- A field with no filter type (bulk and period items) is a numeric column
-- of the table when its values are numbers.
local fields = require "dataforseo.api.fields"
local json = require "dataforseo.json_writer"
local tablefmt = require "dataforseo_cli.output.table"
local printable = require "dataforseo.query.printable"

local output = {}

local concat, format = table.concat, string.format

local FORMATS = { "table", "csv", "jsonl", "json" }

-- What the writers know of an endpoint's items: the filter schema (field
-- types), every field in the documented order (CSV columns), the columns
-- of a table.
-- params: the request, for the intersections (their columns follow its targets).
function output.view(endpoint, params)
    local targets = endpoint.fields and endpoint.fields.targets
    if targets and targets.type == "target_map" then
        local intersection = require "dataforseo_cli.output.intersection"
        return intersection.view(endpoint, intersection.keys(params and params.targets))
    end
    return { schema = endpoint.item or {}, item_fields = endpoint.item_fields,
        table_fields = endpoint.table_fields or endpoint.item_fields }
end

local function rows_of(items, view)
    if view.rows then return view.rows(items) end
    return items
end

-- The view when none is given: the anchors endpoint's.
local function default_view()
    return output.view(require("dataforseo.api").get("anchors"))
end

local function field_type(name, view)
    if name == "type" then return "str" end
    local t = fields.lookup(view.schema, name)
    if t then return t end
    -- A documented field that cannot be filtered on (an object, say), or
    -- a key of one ("referring_links_tld.com" of a period).
    local head = name:match("^([^.]+)%.")
    for _, known in ipairs(view.item_fields) do
        if known == name or (known == head and view.schema[head] == nil) then return "object" end
    end
end

-- --fields' text ("a, b,c") -> the names, checked (check_fields).
function output.fields_option(text, view)
    local list = {}
    for part in (text .. ","):gmatch("(.-),") do list[#list + 1] = (part:gsub("^%s+", ""):gsub("%s+$", "")) end
    return output.check_fields(list, view)
end

-- A list of field names checked against the item schema:
-- fields | nil, message (naming the bad field and suggesting a close one).
function output.check_fields(list, view)
    view = view or default_view()
    if type(list) ~= "table" or #list == 0 then return nil, "expects at least one field name" end
    local seen = {}
    for _, name in ipairs(list) do
        if name == "" then return nil, "has an empty field name" end
        if not field_type(name, view) then
            local candidates = { "type" }
            for k in pairs(view.schema) do candidates[#candidates + 1] = k end
            local guess = fields.suggest(name:match("^[^.]*"), candidates)
            return nil, format("unknown field '%s'%s (fields: %s; a map key as map.key)",
                printable.excerpt(name),
                guess and (" (did you mean '" .. guess .. "'?)") or "",
                concat(view.item_fields, ","))
        end
        if seen[name] then return nil, "names the field '" .. name .. "' twice" end
        seen[name] = true
    end
    return list
end

local function is_null(v) return v == nil or type(v) == "userdata" end

-- The value of a field of an item (nil for null): "a.b" is key b of map a,
-- or field b of object a (domain pages' meta.*, page_summary.*).
local function value(item, name, view)
    local v = item[name]
    local schema = view.schema
    if v == nil and not schema[name] and name:find(".", 1, true) then
        local map, key = name:match("^([^.]+)%.(.*)$")
        local m = item[map]
        if type(m) ~= "table" then return nil end
        v = m[key]
        if v == nil and schema[map] == "map" then v = 0 end
        if v == nil and map == "page_summary" then return value(m, key, view) end
    end
    if is_null(v) then return nil end
    return v
end

------------------------------------------------------------------------------
-- CSV

-- OWASP's formula triggers: a cell starting with one of these is a formula
-- (or becomes one) in Excel, LibreOffice and Google Sheets.
local FORMULA_START = "^[=+%-@\t\r]"

local function csv_field(v, name, raw)
    local s
    if v == nil then
        return ""
    elseif type(v) == "string" then
        s = v
        if not raw then
            s = printable.escape(s, true)
            if s:find(FORMULA_START) then s = "'" .. s end
        end
    elseif type(v) == "number" then
        return json.number(v)
    elseif type(v) == "boolean" then
        return v and "true" or "false"
    else
        s = json.encode(v, { key = name })   -- starts with { or [
        if not raw then s = printable.json(s) end   -- still JSON, controls as \u escapes
    end
    if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
    return s
end

local Csv = {}
Csv.__index = Csv

function Csv:_header()
    if self.started then return end
    self.started = true
    local names = {}
    for i, name in ipairs(self.fields) do names[i] = csv_field(name) end
    self.handle:write(concat(names, ","), "\r\n")
end

function Csv:items(items)
    self:_header()
    items = rows_of(items, self.view)
    local out, row, fl, view = {}, {}, self.fields, self.view
    for i = 1, #items do
        local item = items[i]
        for c = 1, #fl do row[c] = csv_field(value(item, fl[c], view), fl[c], self.raw) end
        out[i] = concat(row, ",", 1, #fl) .. "\r\n"
    end
    self.handle:write(concat(out))
end

function Csv:close() self:_header() end

------------------------------------------------------------------------------
-- JSON lines

local Jsonl = {}
Jsonl.__index = Jsonl

function Jsonl:items(items)
    local out, fl = {}, self.fields
    if fl then items = rows_of(items, self.view) end
    for i = 1, #items do
        local item = items[i]
        if fl then
            local parts = {}
            for c = 1, #fl do
                local v = value(item, fl[c], self.view)
                parts[c] = json.quote(fl[c]) .. ":" .. json.encode(v, { key = fl[c] })
            end
            out[i] = "{" .. concat(parts, ",") .. "}\n"
        else
            out[i] = json.encode(item) .. "\n"
        end
    end
    self.handle:write(printable.json(concat(out)))
end

function Jsonl.close() end

------------------------------------------------------------------------------
-- JSON: the raw response of one call

local Json = {}
Json.__index = Json

function Json:response(response)
    self.handle:write(printable.json(json.encode(response, { indent = "  " })), "\n")
end

function Json.close() end

------------------------------------------------------------------------------
-- Table

-- What a cell shows: dates without the time, empty and null anchors made
-- visible, and whatever could drive the terminal escaped (printable.lua).
local function cell(v, name, ftype)
    if v == nil then return "(null)" end
    local tv = type(v)
    if tv == "number" then return json.number(v) end
    if tv == "boolean" then return tostring(v) end
    if tv == "table" then return printable.escape(json.encode(v, { key = name })) end
    if v == "" then return "(empty)" end
    if ftype == "time" then
        local date = v:match("^(%d%d%d%d%-%d%d%-%d%d) %d%d:%d%d:%d%d %+00:00$")
        if date then return date end
    elseif ftype == "object" then
        -- A time of an untyped field without its zone (the API's are UTC),
        -- a period's date (midnight) without its time.
        local date, time = v:match("^(%d%d%d%d%-%d%d%-%d%d) (%d%d:%d%d:%d%d) %+00:00$")
        if date then return time == "00:00:00" and date or (date .. " " .. time) end
    end
    return printable.escape(v)
end

-- Whether a column without a filter type holds numbers (in the first rows).
local function numbers_in(rows, name, view)
    local any = false
    for _, row in ipairs(rows) do
        local v = value(row, name, view)
        if v ~= nil then
            if type(v) ~= "number" then return false end
            any = true
        end
    end
    return any
end

-- The layout is fixed by the first rows written.
local function table_writer(handle, list, width, view)
    local t
    local function start(rows)
        local columns = {}
        for i, name in ipairs(list) do
            local ftype = field_type(name, view)
            columns[i] = {
                name = name,
                numeric = ftype == "num" or (ftype == "object" and numbers_in(rows, name, view)),
                get = function(item) return cell(value(item, name, view), name, ftype) end,
            }
        end
        t = tablefmt.new(handle, columns, { width = width })
    end
    local w = {}
    function w.items(_, items)
        local rows = rows_of(items, view)
        if #rows == 0 then return end
        if not t then start(rows) end
        t:write(rows)
    end
    function w.close()
        if not t then
            start({})
            t:write({})
        end
    end
    return w
end

------------------------------------------------------------------------------

function output.new(fmt, handle, opts)
    opts = opts or {}
    local view = opts.view or default_view()
    if fmt == "csv" then
        return setmetatable({ handle = handle, fields = opts.fields or view.item_fields,
            raw = opts.csv_raw and true or false, view = view }, Csv)
    elseif fmt == "jsonl" then
        return setmetatable({ handle = handle, fields = opts.fields, view = view }, Jsonl)
    elseif fmt == "json" then
        return setmetatable({ handle = handle }, Json)
    elseif fmt == "table" then
        return table_writer(handle, opts.fields or view.table_fields, opts.width, view)
    end
    error("output.new: unknown format " .. tostring(fmt) .. " (" ..
        concat(FORMATS, ", ") .. ")", 2)
end

return output
