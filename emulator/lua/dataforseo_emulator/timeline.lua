-- A target's backlinks over time, from the same graph every endpoint
-- reads: each backlink is live from its first_seen until its lost_date
-- (the graph on its date knows both), so the state on any earlier day,
-- and what came and went between two days, follow from the rows alone.
--
--   timeline.periods(from, to, group_range) -> { { start =, stop = }, ... }
--       day epochs: every day; or the full weeks (Monday to Sunday),
--       months or years that cover from..to
--   timeline.series(G, rows, bounds, rank_scale) -> points
--       rows: the target's backlinks of every status; bounds b0 < b1 <
--       ... < bm (seconds): point i is the state at the end of bi and what
--       changed in (b(i-1), bi]: new/lost backlinks, referring domains
--       and main domains (a domain is new when its first live backlink
--       appears, lost when its last one goes)
--   timeline.live_at(G, rows, t) -> the rows live at t (in their order)
-- A point at or after the graph's date is the summary's state: the same
-- rows, counted the same way (aggregate.lua).  Pure Lua, 5.1-5.4.
local calendar = require("dataforseo_emulator.calendar")
local aggregate = require("dataforseo_emulator.aggregate")
local graph = require("dataforseo_emulator.graph")

local M = {}

local DAY = calendar.DAY

local STOP = { week = calendar.week_end, year = calendar.year_end, month = calendar.month_end }
local START = {
    week = function(t) return calendar.week_end(t) - 6 * DAY end,
    year = function(t) return calendar.epoch((calendar.civil(t)), 1, 1, 0, 0, 0) end,
    month = calendar.month_start,
}

function M.periods(from, to, group_range)
    local out = {}
    if group_range == "day" then
        for d = from, to, DAY do out[#out + 1] = { start = d, stop = d } end
        return out
    end
    local stop_of = STOP[group_range]
    local s = START[group_range](from)
    while s <= to do
        local stop = stop_of(s)
        out[#out + 1] = { start = s, stop = stop }
        s = stop + DAY
    end
    return out
end

-- Bounds for periods: the end of the day before the first, then the end
-- of each period's last day.
function M.bounds(periods)
    if #periods == 0 then return {} end
    local b = { periods[1].start - 1 }
    for i, p in ipairs(periods) do b[i + 1] = p.stop + DAY - 1 end
    return b
end

function M.live_at(G, rows, t)
    local first, lost = G.r_first, G.r_lost
    local out = {}
    for k = 1, #rows do
        local i = rows[k]
        local l = lost[i]
        if first[i] <= t and (l == 0 or l > t) then out[#out + 1] = i end
    end
    return out
end

-- Events, sorted by time, arrivals before departures at the same second:
-- { time, row, +1 | -1 }.
local function events_of(G, rows)
    local first, lost = G.r_first, G.r_lost
    local times, list = {}, {}
    for k = 1, #rows do
        local i = rows[k]
        list[#list + 1] = i
        times[#list] = first[i] * 2
        if lost[i] > 0 then
            list[#list + 1] = -i
            times[#list] = lost[i] * 2 + 1
        end
    end
    local order = {}
    for e = 1, #list do order[e] = e end
    table.sort(order, function(a, b)
        if times[a] ~= times[b] then return times[a] < times[b] end
        return list[a] < list[b]
    end)
    local out_time, out_row = {}, {}
    for e, idx in ipairs(order) do
        out_time[e], out_row[e] = (times[idx] - times[idx] % 2) / 2, list[idx]
    end
    return out_time, out_row
end

-- Counts kept per key; a key's count going 0 -> 1 or 1 -> 0 moves the
-- distinct total (and, for domains, the new / lost counters).
local function counter()
    return { count = {}, total = 0 }
end
local function bump(c, key, by)
    local n = (c.count[key] or 0) + by
    c.count[key] = n
    if by > 0 and n == 1 then c.total = c.total + 1; return 1 end
    if by < 0 and n == 0 then c.total = c.total - 1; return -1 end
    return 0
end

function M.series(G, rows, bounds, rank_scale)
    local times, list = events_of(G, rows)
    local D = G.domains
    local r_dom, r_page, r_attr, r_prank = G.r_dom, G.r_page, G.r_attr, G.r_prank
    local nofollow = graph.NOFOLLOW
    local dom, dom_nf, main, main_nf = counter(), counter(), counter(), counter()
    local ip, sub, page, page_nf = counter(), counter(), counter(), counter()
    local backlinks, backlinks_nf, mass = 0, 0, 0
    local changes
    local function apply(signed)
        local by = signed > 0 and 1 or -1
        local i = signed > 0 and signed or -signed
        local d, p = r_dom[i], r_page[i]
        local m = D.main_id[d]
        backlinks = backlinks + by
        local moved = bump(dom, d, by)
        if moved > 0 then changes.new_referring_domains = changes.new_referring_domains + 1
        elseif moved < 0 then changes.lost_referring_domains = changes.lost_referring_domains + 1 end
        moved = bump(main, m, by)
        if moved > 0 then changes.new_referring_main_domains = changes.new_referring_main_domains + 1
        elseif moved < 0 then changes.lost_referring_main_domains = changes.lost_referring_main_domains + 1 end
        bump(ip, D.ip_id[d], by)
        bump(sub, D.subnet_id[d], by)
        bump(page, p, by)
        if nofollow[r_attr[i]] then
            backlinks_nf = backlinks_nf + by
            bump(dom_nf, d, by)
            bump(main_nf, m, by)
            bump(page_nf, p, by)
        else
            mass = mass + by * r_prank[i] * r_prank[i]
        end
        if by > 0 then changes.new_backlinks = changes.new_backlinks + 1
        else changes.lost_backlinks = changes.lost_backlinks + 1 end
    end
    local function fresh()
        return { new_backlinks = 0, lost_backlinks = 0, new_referring_domains = 0, lost_referring_domains = 0,
            new_referring_main_domains = 0, lost_referring_main_domains = 0 }
    end
    local e, points = 1, {}
    for b = 1, #bounds do
        changes = fresh()
        local limit = bounds[b]
        while e <= #times and times[e] <= limit do
            apply(list[e])
            e = e + 1
        end
        if b > 1 then
            local point = changes
            point.rank = graph.scale_rank(aggregate.rank_of(mass), rank_scale)
            point.backlinks, point.backlinks_nofollow = backlinks, backlinks_nf
            point.referring_pages, point.referring_pages_nofollow = page.total, page_nf.total
            point.referring_domains, point.referring_domains_nofollow = dom.total, dom_nf.total
            point.referring_main_domains, point.referring_main_domains_nofollow = main.total, main_nf.total
            point.referring_ips, point.referring_subnets = ip.total, sub.total
            points[b - 1] = point
        end
    end
    return points
end

return M
