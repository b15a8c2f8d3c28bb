-- Walking a whole anchors result set page by page.
--
--   local walk = require "dataforseo.walk"
--   for page in walk.pages(client, params, opts) do ... end
--   for item, n in walk.items(client, params, opts) do ... end
--   local items, w = walk.fetch_all(client, params, opts)   -- nil, err on failure
--   walk.estimate_cost(total_items, limit)                  -- USD
--
-- opts (all optional):
--   limit        page size while walking (1..1000); default params.limit,
--                else 1000
--   max_items    stop after this many items
--   max_cost     USD; stop before a call that could pass it
--   concurrency  pages in flight at once after the first (1..30, default 4);
--                1, or a transport without a multi mode, walks one at a time
--   on_page      function(page, progress) called after each page arrives,
--                before its items are handed out; progress is the walk
--
-- Pages of `limit` are asked for from params.offset (default 0) until
-- total_count or max_items: every item once, in order.  A failed call
-- raises its error object from the iterator (a loop never ends silently
-- short); fetch_all returns nil, err instead, with err.items (the items it
-- had) and err.pages (the number of pages they came from).
--
-- The iterator is a walk object; after the loop (or during it: it is also
-- the `progress` given to on_page) it tells how the walk went:
--   status   "running", then one of
--            "complete"       every item up to total_count was handed out
--            "max_items"      stopped at opts.max_items
--            "short_page"     a page came back shorter than asked before
--                             total_count: the set shrank; stopped there
--            "total_changed"  total_count moved during the walk; stopped at
--                             the smaller end (the walk never grows)
--            "cost_limit"     stopped before a call that could pass max_cost
--            "error"          a call failed (err holds the error object)
--   note     a sentence on why a walk ended early (nil when complete)
--   pages, calls, items (handed out so far), cost (USD, as reported),
--   retries (when the client reports them), total_count (first seen),
--   last_total_count, expected_items (what the walk will hand out if the
--   set does not change), offset (of the next call), started, elapsed()
-- The page that ends a walk carries `page.walk_status` with the same word.
--
-- After the first page, a walk with concurrency > 1 takes its pages from
-- dataforseo.scheduler (libcurl's multi interface, in offset order).
local errors = require "dataforseo.errors"
local scheduler = require "dataforseo.scheduler"

local walk = {}

walk.DEFAULT_LIMIT = scheduler.DEFAULT_LIMIT
walk.MAX_LIMIT = 1000
walk.MAX_CONCURRENCY = scheduler.MAX_CONCURRENCY
walk.DEFAULT_CONCURRENCY = scheduler.DEFAULT_CONCURRENCY
-- The documented prices live with the client's cost ledger.
walk.CALL_COST = require("dataforseo.client").CALL_COST
walk.ITEM_COST = require("dataforseo.client").ITEM_COST
local COST_EPSILON = 1e-9    -- sums of float costs must not stop a walk one call early

local floor, ceil, max, min = math.floor, math.ceil, math.max, math.min
local tointeger = math.tointeger or function(x) return x end

-- A wall clock in seconds with sub-second resolution when one is at hand.
local function clock()
    local ok, core = pcall(require, "dataforseo.core")
    if ok and type(core) == "table" and type(core.http) == "table"
        and type(core.http.now) == "function" then
        return core.http.now
    end
    local has_socket, socket = pcall(require, "socket")
    if has_socket and type(socket) == "table" and socket.gettime then return socket.gettime end
    return os.time
end
walk.now = clock()

-- Expected cost of walking total_items in pages of limit: one call at least
-- (the first call is what reveals total_count).
function walk.estimate_cost(total_items, limit)
    if type(total_items) ~= "number" or total_items < 0 or total_items ~= floor(total_items) then
        error("walk.estimate_cost: total_items must be an integer >= 0, got " .. tostring(total_items), 2)
    end
    limit = limit or walk.DEFAULT_LIMIT
    if type(limit) ~= "number" or limit < 1 or limit ~= floor(limit) then
        error("walk.estimate_cost: limit must be an integer >= 1, got " .. tostring(limit), 2)
    end
    local calls = max(1, ceil(total_items / limit))
    return calls * walk.CALL_COST + walk.ITEM_COST * total_items
end

------------------------------------------------------------------------------
-- Options

local function check_integer(opts, name, lo, hi)
    local v = opts[name]
    if v == nil then return nil end
    if type(v) ~= "number" or v ~= floor(v) or v < lo or (hi and v > hi) then
        return nil, string.format("option '%s' must be an integer %s, got %s", name,
            hi and ("from " .. lo .. " to " .. hi) or (">= " .. lo), tostring(v))
    end
    return tointeger(v)
end

local KNOWN_OPTS = { limit = true, max_items = true, max_cost = true, concurrency = true,
    on_page = true }

-- The checked options, or nil and a message naming the option and the rule.
local function check_opts(opts)
    if opts == nil then opts = {} end
    if type(opts) ~= "table" then return nil, "opts must be a table, got " .. type(opts) end
    for k in pairs(opts) do
        if not KNOWN_OPTS[k] then
            return nil, "unknown option '" .. tostring(k) ..
                "' (options: concurrency, limit, max_cost, max_items, on_page)"
        end
    end
    local out, msg = {}, nil
    out.limit, msg = check_integer(opts, "limit", 1, walk.MAX_LIMIT)
    if msg then return nil, msg end
    out.max_items, msg = check_integer(opts, "max_items", 1)
    if msg then return nil, msg end
    out.concurrency, msg = check_integer(opts, "concurrency", 1, walk.MAX_CONCURRENCY)
    if msg then return nil, msg end
    out.concurrency = out.concurrency or walk.DEFAULT_CONCURRENCY
    if opts.max_cost ~= nil then
        local c = opts.max_cost
        if type(c) ~= "number" or c ~= c or c <= 0 or c == math.huge then
            return nil, "option 'max_cost' must be a number of USD > 0, got " .. tostring(c)
        end
        out.max_cost = c
    end
    if opts.on_page ~= nil and type(opts.on_page) ~= "function" then
        return nil, "option 'on_page' must be a function, got " .. type(opts.on_page)
    end
    out.on_page = opts.on_page
    return out
end
walk.check_opts = check_opts

------------------------------------------------------------------------------
-- The walk object

local Walk = {}
Walk.__index = Walk

local function new_walk(client, params, opts, mode)
    if type(client) ~= "table" or type(client.anchors) ~= "function" then
        error("dataforseo.walk: expected a client (dataforseo.new{...}), got " .. tostring(client), 3)
    end
    local checked, problem = check_opts(opts)
    if not checked then error("dataforseo.walk: " .. problem, 3) end
    opts = checked
    -- params are checked by client:anchors on the first call (the one
    -- validation of the project); only what the walk itself reads is
    -- looked at here, defensively.
    local start = type(params) == "table" and type(params.offset) == "number" and params.offset or 0
    local page_size = opts.limit
        or (type(params) == "table" and type(params.limit) == "number" and params.limit)
        or walk.DEFAULT_LIMIT
    local self = setmetatable({
        client = client,
        params = params,
        opts = opts,
        mode = mode,
        page_size = page_size,
        start_offset = start,
        offset = start,
        status = "running",
        pages = 0, calls = 0, items = 0, cost = 0,
        started = walk.now(),
        -- items mode: the page being handed out
        _page = nil, _index = 0,
    }, Walk)
    return self
end

function Walk:elapsed()
    return walk.now() - self.started
end

-- Seconds left at the pace so far, or nil before anything is known.
function Walk:eta()
    if not self.expected_items or self.items == 0 then return nil end
    local left = self.expected_items - self.items
    if left <= 0 then return 0 end
    return self:elapsed() / self.items * left
end

local function finish(self, status, note)
    if self.status == "running" then
        self.status, self.note = status, note
    end
    if self._scheduler then self._scheduler:close() end
end

-- The request for the page at self.offset.
function Walk:_request(limit)
    local req = {}
    if type(self.params) == "table" then
        for k, v in pairs(self.params) do req[k] = v end
    else
        return self.params  -- not a table: client:anchors names the problem
    end
    req.offset = self.offset
    req.limit = limit
    return req
end

-- Cost of the next call: from the last observed call (its price per call,
-- with the documented price per item for the items this one should return),
-- or the documented price before any.
function Walk:_estimate(limit)
    local expected = limit
    if self.end_offset then expected = max(0, min(limit, self.end_offset - self.offset)) end
    if self._last_cost then
        return max(0, self._last_cost + walk.ITEM_COST * (expected - self._last_items))
    end
    return walk.CALL_COST + walk.ITEM_COST * expected
end

local function raise(self, err, status)
    self.status = status
    self.err = err
    err.pages = self.pages
    err.offset = self.offset
    error(err, 0)
end

local function cost_error(self, estimate)
    return errors.cost_limit(self.cost, estimate, self.opts.max_cost, "walk")
end

-- The page at self.offset (at most `limit` items) by one call of the
-- client, after checking max_cost.  Raises the error object of a failed
-- call.
function Walk:_call(limit)
    if self.opts.max_cost then
        local estimate = self:_estimate(limit)
        if self.cost + estimate > self.opts.max_cost + COST_EPSILON then
            raise(self, cost_error(self, estimate), "cost_limit")
        end
    end
    self.calls = self.calls + 1
    local page, err = self.client:anchors(self:_request(limit))
    if not page then raise(self, err, "error") end
    return page
end

-- Once the first page has told where the walk ends, the following pages
-- come from the scheduler (concurrent, in offset order) when the walk asks
-- for concurrency and the client's transport can run pages at once.
function Walk:_concurrent()
    if self._scheduler then return self._scheduler end
    if self.opts.concurrency < 2 or not self.end_offset or not scheduler.available(self.client) then
        return nil
    end
    local stop = self.end_offset
    if self.opts.max_items then stop = min(stop, self.start_offset + self.opts.max_items) end
    -- The scheduler enforces max_cost itself, counting the pages in flight.
    self._scheduler = assert(scheduler.new(self.client, self.params, {
        concurrency = self.opts.concurrency, limit = self.page_size, start = self.offset,
        stop = stop, total_count = self.total_count,
        max_cost = self.opts.max_cost, spent = self.cost }))
    return self._scheduler
end

-- The next page from the server, or nil when the scheduler found the end.
function Walk:_fetch(limit)
    local concurrent = self:_concurrent()
    if not concurrent then return self:_call(limit) end
    local page, err = concurrent:next()
    if err then raise(self, err, err.kind == "cost_limit" and "cost_limit" or "error") end
    if page then self.calls = self.calls + 1 end
    return page
end

-- Fetches the next page, or returns nil when the walk is over.  Raises the
-- error object of a failed call.
function Walk:_next_page()
    if self.status ~= "running" then return nil end
    local limit = self.page_size
    if self.opts.max_items then
        local left = self.opts.max_items - self.items
        if left <= 0 then
            finish(self, "max_items")
            return nil
        end
        limit = min(limit, left)
    end
    if self.end_offset then
        if self.offset >= self.end_offset then
            finish(self, "complete")
            return nil
        end
        -- Never ask (and pay) for items past the end the walk announced.
        limit = min(limit, self.end_offset - self.offset)
    end

    local page = self:_fetch(limit)
    if not page then
        local reason = self._scheduler and self._scheduler.end_reason or "complete"
        finish(self, reason, reason ~= "complete" and string.format(
            "the set changed under the walk (%s); stopped at item %d", reason, self.offset) or nil)
        return nil
    end
    limit = page.limit or limit

    local got = #page.items
    self.pages = self.pages + 1
    self.cost = self.cost + (page.cost or 0)
    self._last_cost, self._last_items = page.cost or 0, got
    if page.attempts then self.retries = (self.retries or 0) + page.attempts - 1 end

    local total = page.total_count
    if self.total_count == nil then
        self.total_count = total
        self.end_offset = total
    elseif total ~= self.last_total_count then
        self.total_changed = true
        if total < self.end_offset then self.end_offset = total end
    end
    self.last_total_count = total

    -- Hand out no more than max_items.
    if self.opts.max_items and self.items + got > self.opts.max_items then
        local keep = self.opts.max_items - self.items
        local items = {}
        for i = 1, keep do items[i] = page.items[i] end
        page.items, got = items, keep
    end

    local reached = self.offset + got
    self.offset = reached
    self.items = self.items + got
    local planned = self.end_offset - self.start_offset
    if self.opts.max_items then planned = min(planned, self.opts.max_items) end
    self.expected_items = max(planned, self.items)

    if reached >= self.end_offset then
        if self.total_changed then
            finish(self, "total_changed", string.format(
                "total_count moved from %d to %d during the walk; stopped at item %d",
                self.total_count, self.last_total_count, reached))
        else
            finish(self, "complete")
        end
    elseif self.opts.max_items and self.items >= self.opts.max_items then
        finish(self, "max_items")
    elseif got < limit then
        finish(self, "short_page", string.format(
            "a page at offset %d brought %d item%s of %d asked for before total_count %d: "
            .. "the set shrank; stopped at item %d", reached - got, got, got == 1 and "" or "s",
            limit, self.last_total_count, reached))
    end
    if self.status ~= "running" then page.walk_status = self.status end
    self.expected_pages = self.pages + (self.status == "running"
        and ceil((self.expected_items - self.items) / self.page_size) or 0)

    if self.opts.on_page then self.opts.on_page(page, self) end
    return page
end

function Walk:_next_item()
    if self.status == "closed" then return nil end
    while true do
        local page = self._page
        if page then
            local i = self._index + 1
            if i <= #page.items then
                self._index = i
                self._handed = (self._handed or 0) + 1
                return page.items[i], self._handed
            end
            self._page = nil
        end
        page = self:_next_page()
        if not page then return nil end
        self._page, self._index = page, 0
    end
end

-- The iterator call: `for page in w` / `for item in w`.
function Walk:__call()
    if self.mode == "items" then return self:_next_item() end
    return self:_next_page()
end

-- Ends the walk early; nothing is fetched afterwards.  (Lua 5.4 calls it
-- when a generic for is left with break.)
function Walk:close()
    finish(self, "closed")
end
Walk.__close = Walk.close

------------------------------------------------------------------------------
-- Entry points

-- The fourth value is the to-be-closed value of Lua 5.4's generic for.
function walk.pages(client, params, opts)
    local w = new_walk(client, params, opts, "pages")
    return w, nil, nil, w
end

function walk.items(client, params, opts)
    local w = new_walk(client, params, opts, "items")
    return w, nil, nil, w
end

function walk.fetch_all(client, params, opts)
    local w = new_walk(client, params, opts, "pages")
    local items = {}
    local ok, err = pcall(function()
        for page in w do
            for i = 1, #page.items do items[#items + 1] = page.items[i] end
        end
    end)
    if not ok then
        if not errors.is_error(err) then error(err, 0) end  -- a bug, not a failed call
        err.items = items
        return nil, err
    end
    return items, w
end

walk.Walk = Walk
return walk
