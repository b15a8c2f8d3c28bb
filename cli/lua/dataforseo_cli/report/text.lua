-- A profile (dataforseo.profile) as tables for a terminal.  Every text from
-- the network passes view.visible: no control character or bidi override
-- reaches the terminal.
local view = require "dataforseo_cli.report.view"
local tablefmt = require "dataforseo_cli.output.table"

local M = {}

local format, concat = string.format, table.concat

-- A table of rows (arrays of shown text) under `columns` ({ name, numeric }).
local function table_text(columns, rows, width)
    local parts = {}
    local sink = { write = function(_, ...) for i = 1, select("#", ...) do parts[#parts + 1] = select(i, ...) end end }
    local cols = {}
    for c, col in ipairs(columns) do
        cols[c] = { name = col[1], numeric = col[2], get = function(row) return row[c] end }
    end
    tablefmt.new(sink, cols, { width = width }):write(rows)
    return concat(parts)
end

local function heading(s) return "\n" .. s .. "\n" end

-- By month, or by year when there are more than `max_months` months.
local function periods(months, max_months)
    if #months <= max_months then return months, "month" end
    local by, order = {}, {}
    for _, m in ipairs(months) do
        local y = m.month:sub(1, 4)
        if not by[y] then by[y] = { month = y, new = 0, lost = 0 }; order[#order + 1] = by[y] end
        by[y].new, by[y].lost = by[y].new + m.new, by[y].lost + m.lost
    end
    return order, "year"
end

-- A history's points, one per year: the year's last month.
local function year_ends(points)
    local out = {}
    for _, pt in ipairs(points) do
        local year = pt.month:sub(1, 4)
        if #out > 0 and out[#out].month == year then out[#out] = nil end
        out[#out + 1] = { month = year, backlinks = pt.backlinks, referring_domains = pt.referring_domains }
    end
    return out
end

-- The "since" section: counts, then the anchors gained and lost.
local function since_text(since, width, add)
    local v = view.since(since)
    add(heading("Since " .. v.date))
    add(format("%s anchors gained, %s lost, %s changed, %s unchanged\n", view.int(#v.gained + v.more_gained),
        view.int(#v.lost + v.more_lost), view.int(v.changed), view.int(v.unchanged)))
    for _, list in ipairs({ { "gained", v.gained, v.more_gained }, { "lost", v.lost, v.more_lost } }) do
        if #list[2] > 0 then
            local rows = {}
            for _, r in ipairs(list[2]) do
                rows[#rows + 1] = { view.anchor(r.anchor, 200), view.int(r.referring_domains), view.int(r.backlinks) }
            end
            add("\nAnchors " .. list[1] .. "\n")
            add(table_text({ { "anchor" }, { "ref. domains", true }, { "backlinks", true } }, rows, width))
            if list[3] > 0 then add(format("and %s more\n", view.int(list[3]))) end
        end
    end
end

-- opts: width (columns, default 80), status, generated, note, summary,
-- history, spend, since (as report.html's).
function M.render(p, opts)
    opts = opts or {}
    local width = opts.width or 80
    local out = {}
    local function add(s) out[#out + 1] = s end
    add("Anchor profile of " .. view.visible(p.target or "anchors", 200) .. "\n")
    local sub = { "brand: " .. view.brands(p) }
    if opts.status then sub[#sub + 1] = view.STATUS_WORDS[opts.status] or view.visible(opts.status, 20) end
    if opts.generated then sub[#sub + 1] = "generated " .. view.visible(opts.generated, 40) end
    add(concat(sub, "; ") .. "\n")
    if opts.note then add("note: " .. view.visible(opts.note, 400) .. "\n") end

    add(heading("Summary"))
    local rows = {}
    for _, t in ipairs(view.tiles(p, opts.summary, opts.spend)) do rows[#rows + 1] = { t.label, t.text, t.note } end
    add(table_text({ { "measure" }, { "value", true }, { "note" } }, rows, width))

    if opts.history then
        local points = view.history(opts.history)
        local list, unit = points, "month"
        if #points > 36 then list, unit = year_ends(points), "year (its last month)" end
        add(heading("Backlinks and referring domains by " .. unit))
        rows = {}
        for _, pt in ipairs(list) do
            rows[#rows + 1] = { pt.month, view.int(pt.backlinks), view.int(pt.referring_domains) }
        end
        add(table_text({ { unit == "month" and "month" or "year" }, { "backlinks", true },
            { "ref. domains", true } }, rows, width))
    end

    if opts.since then since_text(opts.since, width, add) end

    add(heading("Anchor classes"))
    rows = {}
    for _, c in ipairs(p.classes) do
        rows[#rows + 1] = { c.label, view.int(c.anchors), view.percent(c.anchors_share), view.int(c.backlinks),
            view.percent(c.backlinks_share), view.int(c.referring_domains), view.percent(c.referring_domains_share) }
    end
    add(table_text({ { "class" }, { "anchors", true }, { "share", true }, { "backlinks", true },
        { "share", true }, { "ref. domains", true }, { "share", true } }, rows, width))

    add(heading(format("Top %d anchors by referring domains", #p.top)))
    rows = {}
    for i, e in ipairs(p.top) do
        rows[#rows + 1] = { tostring(i), view.anchor(e.anchor, 200), p.by_class[e.class].label,
            view.int(e.referring_domains), view.int(e.referring_domains_nofollow),
            view.percent(e.nofollow_share, 0), view.int(e.backlinks),
            type(e.first_seen) == "string" and view.visible(e.first_seen:sub(1, 10), 10) or "" }
    end
    add(table_text({ { "#", true }, { "anchor" }, { "class" }, { "ref. domains", true }, { "nofollow", true },
        { "nf %", true }, { "backlinks", true }, { "first seen" } }, rows, width))

    for _, field in ipairs(require("dataforseo.profile").MAPS) do
        add(heading(view.MAP_TITLES[field] .. " (referring links, summed over anchors)"))
        rows = {}
        for _, e in ipairs(view.head(p.maps[field], 10)) do
            rows[#rows + 1] = { e.rest and e.label or view.key(e.key, 60), view.int(e.count), view.percent(e.share) }
        end
        add(table_text({ { "key" }, { "links", true }, { "share", true } }, rows, width))
    end

    local list, unit = periods(p.months, 36)
    add(heading("New and lost anchors by " .. unit))
    rows = {}
    for _, m in ipairs(list) do rows[#rows + 1] = { m.month, view.int(m.new), view.int(m.lost) } end
    add(table_text({ { unit }, { "new", true }, { "lost", true } }, rows, width))
    return concat(out)
end

return M
