-- From an endpoint's description to its command's request options, and
-- from the options given back to the request (validated by the endpoint,
-- the one validation of the project, before anything is sent).
--
--   local request = require "dataforseo_cli.request"
--   local r = request.options(endpoint)
--     r.options   option declarations (parser.lua's shape), each with .field
--     r.target    "one" | "many" | nil: what the positional TARGET fills
--     r.max_targets  how many "many" takes at most (nil: any number)
--   local params = request.params(endpoint, opts, target [, where])   -- usage error when bad;
--                                       where(i): where target i of a list was given
--
-- A field's command-line form follows its spec's type (TYPES below): a new
-- endpoint gets its options by itself, a new field type is one entry.  The
-- option is the field's name in kebab case unless NAMES says otherwise.
local fields = require "dataforseo.api.fields"
local filters = require "dataforseo.query.filters"
local json = require "dataforseo.json"
local usage = require "dataforseo_cli.usage"

local M = {}

local concat, format = table.concat, string.format
local tointeger = math.tointeger or function(x) return x end

local function kebab(name) return (name:gsub("_", "-")) end
local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

------------------------------------------------------------------------------
-- Filters from the command line

-- One scalar of a --filter value, typed by the field it is compared with.
local function scalar(text, ftype, option, whole)
    if text == "null" then return json.null end
    if text:sub(1, 1) == '"' then
        local v, err = json.decode(text)
        if type(v) ~= "string" then
            usage.raise("%s '%s': %s is not a JSON string%s", option, whole, text,
                err and (" (" .. err .. ")") or "")
        end
        return v
    end
    if ftype == "num" then return tonumber(text) or text end
    if ftype == "bool" then
        if text == "true" then return true end
        if text == "false" then return false end
    end
    return text
end

-- "a, b,\"c, d\"" -> { "a", "b", "\"c, d\"" }: commas inside a double-quoted
-- (JSON) string do not split.
local function split_values(s)
    local out, start, i, n, quoted = {}, 1, 1, #s, false
    while i <= n do
        local c = s:sub(i, i)
        if quoted then
            if c == "\\" then i = i + 1 elseif c == '"' then quoted = false end
        elseif c == '"' then
            quoted = true
        elseif c == "," then
            out[#out + 1] = trim(s:sub(start, i - 1))
            start = i + 1
        end
        i = i + 1
    end
    out[#out + 1] = trim(s:sub(start))
    return out
end

-- 'FIELD OP VALUE' -> { field, op, value }, checked by the filter validator.
local function parse_condition(text, schema, option)
    local field, op, rest = text:match("^%s*(%S+)%s+(%S+)%s*(.-)%s*$")
    if not field then
        usage.raise("%s '%s': expected 'FIELD OPERATOR VALUE', e.g. 'anchor like %%news%%'", option, text)
    end
    if rest == "" then
        usage.raise('%s \'%s\': no value after the operator (write "" for the empty string)', option, text)
    end
    local ftype = fields.lookup(schema, field)
    local value
    if op == "in" or op == "not_in" then
        if rest:sub(1, 1) == "[" then
            local v, err = json.decode(rest)
            if type(v) ~= "table" then
                usage.raise("%s '%s': the list is not a JSON array (%s)", option, text, tostring(err))
            end
            value = v
        else
            value = {}
            for _, part in ipairs(split_values(rest)) do
                value[#value + 1] = scalar(part, ftype, option, text)
            end
        end
    else
        value = scalar(rest, ftype, option, text)
    end
    local cond = { field, op, value }
    local ok, msg = filters.validate(cond, schema, "filter")
    if not ok then
        usage.raise("%s '%s': %s", option, text, (msg:gsub("^filter[%[%]%d]*: ", "")))
    end
    return cond
end

local function json_value(text, option)
    local v, err = json.decode(text)
    if v == nil then usage.raise("%s: not valid JSON: %s", option, tostring(err)) end
    return v
end

-- The conditions of the repeatable option and the raw JSON joined with "and".
local function join_filters(conditions, raw, schema, one, many)
    local parts = {}
    if raw then parts[#parts + 1] = json_value(raw, many) end
    for _, text in ipairs(conditions or {}) do parts[#parts + 1] = parse_condition(text, schema, one) end
    if #parts <= 1 then return parts[1] end
    local expr = {}
    for i, p in ipairs(parts) do
        if i > 1 then expr[#expr + 1] = "and" end
        expr[#expr + 1] = p
    end
    return expr
end

local function order_rule(text)
    local s = trim(text)
    local field, dir = s:match("^([^,%s]+)%s*[,%s]%s*(%a+)$")
    if not field then
        if s:find("^[^,%s]+$") then return s .. ",asc" end
        usage.raise("--order-by '%s': expected FIELD,asc or FIELD,desc (e.g. backlinks,desc)", text)
    end
    return field .. "," .. dir:lower()
end

------------------------------------------------------------------------------
-- Field types: type -> function(f) -> option declarations, and a function
-- that turns the values given (get(flag)) into the field's value (nil: not
-- given).  f: name (the field), flag ("--limit"), spec, help (NAMES' text).

local TYPES = {}

local function one_option(f, decl)
    decl[1] = f.flag
    decl.help = f.help or decl.help
    return { decl }, function(get) return get(f.flag) end
end

function TYPES.integer(f)
    local s = f.spec
    local range = s.max and s.max < usage.MAX_INTEGER and format("%d..%d", s.min, s.max)
        or format("%d or more", s.min)
    return one_option(f, { arg = "N", convert = usage.integer(f.flag, s.min, s.max),
        help = "the request's " .. f.name .. ", " .. range })
end

function TYPES.string(f)
    local s = f.spec
    if f.values then     -- words of the command line for the API's ones
        local choices = {}
        for word in pairs(f.values) do choices[#choices + 1] = word end
        table.sort(choices)
        local decls, build = one_option(f, { arg = f.arg or concat(choices, "|"), choices = choices })
        return decls, function(get)
            local v = build(get)
            return v and f.values[v]
        end
    elseif s.enum then
        return one_option(f, { arg = f.arg or concat(s.enum, "|"), choices = s.enum,
            help = "the request's " .. f.name .. ": " .. concat(s.enum, ", ") })
    end
    return one_option(f, { arg = f.arg or "TEXT", help = "the request's " .. f.name })
end

-- A flag that sets the opposite of the API's default.
function TYPES.boolean(f)
    local set = not f.spec.default
    local flag = f.flag_name or (set and f.flag or ("--no-" .. kebab(f.name)))
    local decls = { { flag, help = f.help or (f.name .. " = " .. tostring(set)) } }
    return decls, function(get)
        if get(flag) then return set end
    end
end

-- A filters field's schema: a table, or its name in fields.lua.
local function schema_of(spec)
    if type(spec.schema) == "string" then return fields.schema(spec.schema) end
    return spec.schema
end

-- filters: a repeatable 'FIELD OP VALUE' option and a raw JSON one
-- (--filter / --filters, --backlinks-filter / --backlinks-filters).
function TYPES.filters(f)
    local many = f.flag
    local one = many:gsub("s$", "")
    local decls = {
        { one, arg = "'FIELD OP VALUE'", many = true, help = f.help or ("a condition of " .. f.name
            .. "; repeatable, joined with \"and\"") },
        { many, arg = "JSON", help = f.help_raw or ("the raw " .. f.name .. " array (or, nesting)") },
    }
    return decls, function(get)
        return join_filters(get(one), get(many), schema_of(f.spec), one, many), get(many) and many or one
    end
end

function TYPES.order_by(f)
    local decls = { { f.flag, arg = "FIELD,DIR", many = true, help = f.help
        or ("a sort rule, DIR asc or desc; repeatable, at most " .. tostring(f.spec.max_rules)) } }
    return decls, function(get)
        local rules = get(f.flag)
        if not rules then return nil end
        local out = {}
        for i, rule in ipairs(rules) do out[i] = order_rule(rule) end
        return out
    end
end

function TYPES.custom_mode(f)
    local decls = { { f.flag, arg = "FIELD,N", help = f.help or ("at most N items per FIELD ("
        .. concat(f.spec.fields, ", ") .. ")") } }
    return decls, function(get)
        local text = get(f.flag)
        if not text then return nil end
        local field, n = text:match("^%s*([%w_]+)%s*,%s*(%d+)%s*$")
        if not field then usage.raise("%s '%s': expected FIELD,N (e.g. domain_from,10)", f.flag, text) end
        return { field = field, value = tointeger(tonumber(n)) }
    end
end

-- An array of strings: repeatable, or comma-separated (targets of a bulk call).
local function string_list(f)
    local decls = { { f.flag, arg = f.arg or "VALUE", many = true, help = f.help
        or ("the request's " .. f.name .. "; repeatable, or a,b,c") } }
    return decls, function(get)
        local given = get(f.flag)
        if not given then return nil end
        local out = {}
        for _, text in ipairs(given) do
            for part in (text .. ","):gmatch("(.-),") do
                if trim(part) ~= "" then out[#out + 1] = trim(part) end
            end
        end
        return out
    end
end
TYPES.targets = string_list
TYPES.target_map = string_list      -- the library makes keys "1".."n" of the list
TYPES.string_list = string_list
TYPES.array = string_list

-- A date or time field's help: from / up to, its bounds, required.
local function when_help(f, what)
    local s = f.spec
    local lead = f.name:find("_from$") and "from this " .. what or f.name:find("_to$") and "up to this " .. what
        or "the request's " .. f.name
    local bound = s.min and (", not before " .. s.min) or s.back and (", at most " .. s.back.text .. " back")
        or (f.name:find("_to$") and not s.required) and (what == "date" and ", default today" or ", default now")
        or ""
    return lead .. bound .. (s.required and "; required" or "")
end

function TYPES.date(f)
    return one_option(f, { arg = "YYYY-MM-DD", help = when_help(f, "date") })
end

function TYPES.datetime(f)
    return one_option(f, { arg = "TIME", help = when_help(f, "time") .. " (\"yyyy-mm-dd hh:mm:ss +00:00\")" })
end

-- A type without an entry yet: its value as JSON (a string when it is not JSON).
local function json_option(f)
    local decls = { { f.flag, arg = "JSON", help = f.help or ("the request's " .. f.name .. " (JSON)") } }
    return decls, function(get)
        local text = get(f.flag)
        if text == nil then return nil end
        local v = json.decode(text)
        if v == nil then return text end
        return v
    end
end

------------------------------------------------------------------------------
-- The command-line names and help of known fields

local NAMES = {
    limit = { help = "items per call, 1..1000 (API default 100; with --all the page size, "
        .. "default 1000)" },
    offset = { help = "skip the first N items" },
    filters = {
        help = "filter on an item field; repeatable, joined with \"and\". OP: = <> < <= > >= in not_in "
            .. "like not_like ilike not_ilike regex not_regex match not_match has has_not. \"in\" takes "
            .. "a,b,c or a JSON array; a value in double quotes is a JSON string; null is null",
        help_raw = "the raw filter array (or, nesting), e.g. "
            .. "'[[\"rank\",\">\",500],\"or\",[\"backlinks\",\">\",10]]'" },
    backlinks_filters = {
        help = "filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, "
            .. "tld_from...)",
        help_raw = "the raw backlinks_filters array" },
    order_by = { help = "sort rule, DIR asc or desc (default asc); repeatable, at most 3" },
    mode = { arg = "MODE", help = "as_is, one_per_domain or one_per_anchor" },
    custom_mode = { help = "at most N backlinks per FIELD (anchor, domain_from, ...)" },
    network_address_type = { arg = "ip|subnet", help = "group by ip or by subnet (default ip)" },
    internal_list_limit = { help = "entries in the referring_links_* maps, 1..1000" },
    backlinks_status_type = { option = "status", arg = "live|lost|all",
        help = "backlinks_status_type (default live)" },
    include_subdomains = { option = "no-subdomains", help = "include_subdomains = false" },
    include_indirect_links = { option = "no-indirect-links", help = "include_indirect_links = false" },
    exclude_internal_backlinks = { option = "include-internal", help = "exclude_internal_backlinks = false" },
    rank_scale = { arg = "100|1000", values = { ["100"] = "one_hundred", ["1000"] = "one_thousand" },
        help = "rank_scale (default 1000)" },
    tag = { help = "echoed back in the response's data" },
    search_after_token = { help = "the token of the page before (past offset 20,000)" },
    exclude_targets = { option = "exclude-target", arg = "TARGET", help = "leave out what also links to "
        .. "TARGET (a page may end with *); repeatable (or a,b,c), at most 10" },
    intersection_mode = { arg = "all|partial", help = "all (default): what links to every target; "
        .. "partial: to at least one of them" },
    group_range = { arg = "day|week|month|year", help = "one row per day, week, month or year "
        .. "(default month)" },
    exclude_large_domains = { help = "keep wikipedia.org, youtube.com and the other large domains "
        .. "(exclude_large_domains = false)" },
    main_domain = { help = "compare TARGET as given, not its main domain (main_domain = false)" },
    include_metadata = { help = "each task's request too (include_metadata; then at most a month back)" },
    filtered_function = { arg = "FUNCTION", help = "only the errors of this API function" },
}

-- -> { options = {...}, target = "one" | "many" | nil, max_targets, builders = { field -> build } }
-- The intersections name a target's field with its key (its position among
-- the TARGETs) first.
local KEYED = { filters = ". A target's field takes its key first (the TARGET's position): "
    .. "'1.backlinks > 10'.", order_by = ". A target's field takes its key first: 2.rank,desc." }

function M.options(e)
    local r = { options = {}, builders = {}, target = nil }
    local keyed = e.fields.targets and e.fields.targets.type == "target_map"
    for _, name in ipairs(e.field_order) do
        local spec = e.fields[name]
        if name == "target" then
            r.target = "one"
        elseif name == "targets" and spec.required then
            r.target = "many"          -- an array of targets, or a map the library keys from one
            r.max_targets = spec.max
        else
            local n = NAMES[name] or {}
            local f = { name = name, spec = spec, flag = "--" .. (n.option or kebab(name)), help = n.help,
                help_raw = n.help_raw, arg = n.arg, values = n.values }
            if keyed and KEYED[name] and f.help then f.help = f.help .. KEYED[name] end
            if spec.type == "boolean" and n.option then f.flag_name = f.flag end
            local decls, build = (TYPES[spec.type] or json_option)(f)
            for _, d in ipairs(decls) do
                d.field = name
                r.options[#r.options + 1] = d
            end
            r.builders[#r.builders + 1] = { field = name, build = build, flag = decls[1][1] }
        end
    end
    return r
end

-- The argparse result of a flag ("--max-items" -> opts.max_items); an
-- empty list (a repeatable option not given) is nothing.
local function value(opts, flag)
    local v = opts[flag:gsub("^%-%-", ""):gsub("%-", "_")]
    if type(v) == "table" and #v == 0 then return nil end
    return v
end

local function default_where(i) return "TARGET " .. i end

-- The options given -> the request, validated; a problem is a usage error
-- naming the option behind the field (a target of a list: where(i), by
-- default "TARGET i").
function M.params(e, opts, target, where)
    local r = M.options(e)
    local p, blame = {}, { target = "TARGET", targets = "TARGET" }
    if r.target == "one" then p.target = target elseif r.target == "many" then p.targets = target end
    local function get(flag) return value(opts, flag) end
    for _, b in ipairs(r.builders) do
        local v, flag = b.build(get)
        p[b.field] = v
        blame[b.field] = flag or b.flag
    end
    local task, problem = e.validate(p)
    if not task then
        local field = tostring(problem.field or ""):match("^[%w_]+") or ""
        local option = blame[field]
        local message = tostring(problem.message)
        -- One of the TARGET list ("targets[7]: ...", "targets[\"2\"]: ..."): named by where it was given.
        local index, rest = message:match('^targets%["?(%d+)"?%]: (.*)$')
        if index and r.target == "many" then
            usage.fail((where or default_where)(tonumber(index)) .. ": " .. rest)
        end
        if option and message:sub(1, #field + 2) == field .. ": " then
            message = message:sub(#field + 3)   -- the option already says which field
        end
        usage.fail((option or field) .. ": " .. message)
    end
    return p
end

return M
