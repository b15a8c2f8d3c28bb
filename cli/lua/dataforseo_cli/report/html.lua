-- A profile (dataforseo.profile) as one self-contained HTML page: inline
-- CSS and SVG, no script, nothing fetched (a Content-Security-Policy of
-- default-src 'none' says so to the browser too).  Every text from the
-- network passes view.visible (controls and bidi overrides made visible,
-- length bounded) and then esc (HTML/XML escaping) before it is written.
local view = require "dataforseo_cli.report.view"
local version = require "dataforseo.version"

local M = {}

local format, concat, floor, ceil, max, pi, cos, sin =
    string.format, table.concat, math.floor, math.ceil, math.max, math.pi, math.cos, math.sin

-- Okabe-Ito colours: told apart with the common colour-vision deficiencies.
M.CLASS_COLOURS = { empty = "#999999", naked = "#56B4E9", branded = "#0072B2", generic = "#E69F00",
    other = "#009E73" }
M.DOFOLLOW, M.NOFOLLOW = "#0072B2", "#E69F00"
M.NEW, M.LOST = "#009E73", "#D55E00"
M.BAR = "#0072B2"

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

-- Text for an HTML or SVG text node or a double-quoted attribute value.
function M.esc(s)
    return (tostring(s):gsub("[&<>\"']", ESCAPES))
end
local esc = M.esc

-- Shown text: visible, bounded and escaped.
local function show(s, n) return esc(view.visible(s, n)) end

-- Coordinates with one decimal: short, and never "nan" or "inf".
local function num(x)
    if x ~= x or x == math.huge or x == -math.huge then x = 0 end
    local s = format("%.1f", x)
    s = s:gsub("%.0$", "")
    if s == "-0" then s = "0" end
    return s
end

-- The smallest step of 1, 2, 2.5 or 5 times a power of ten that covers
-- 0..vmax in at most `count` steps, and the axis end (a multiple of it).
local function ticks(vmax, count)
    if vmax ~= vmax or vmax <= 0 or vmax == math.huge then return 1, 1 end
    count = count or 5
    local p = 10 ^ floor(math.log(vmax / count, 10))
    for _, m in ipairs({ 1, 2, 2.5, 5, 10, 20 }) do
        local step = max(1, m * p)
        if step == floor(step) and ceil(vmax / step) <= count then return step, ceil(vmax / step) * step end
    end
    return vmax, vmax
end
M.ticks = ticks

------------------------------------------------------------------------------
-- SVG pieces

local function svg_open(w, h, label)
    return format('<svg viewBox="0 0 %s %s" role="img" aria-label="%s">',
        num(w), num(h), esc(label))
end

local function text_el(x, y, s, attrs)
    return format('<text x="%s" y="%s"%s>%s</text>', num(x), num(y), attrs or "", s)
end

local function rect(x, y, w, h, fill, title)
    local t = title and ("<title>" .. title .. "</title>") or ""
    if t == "" then
        return format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>', num(x), num(y),
            num(max(0, w)), num(max(0, h)), fill)
    end
    return format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s">%s</rect>', num(x), num(y),
        num(max(0, w)), num(max(0, h)), fill, t)
end

local function line(x1, y1, x2, y2, class)
    return format('<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s"/>', num(x1), num(y1), num(x2),
        num(y2), class)
end

-- A legend row of swatches; items = { { colour, label }, ... }.
local function legend(x, y, items, column)
    local out = { '<g class="legend">' }
    for i, it in ipairs(items) do
        local lx = x + (i - 1) * column
        out[#out + 1] = rect(lx, y - 10, 12, 12, it[1])
        out[#out + 1] = text_el(lx + 17, y, esc(it[2]))
    end
    out[#out + 1] = "</g>"
    return concat(out)
end

-- A horizontal value axis from x0 to x1 at y (values 0..vmax), with its
-- grid lines up to y_top and a title.
local function x_axis(x0, x1, y, y_top, vmax, step, title, as_percent)
    local out = { '<g class="axis">', line(x0, y, x1, y, "axis-line") }
    local v = 0
    while v <= vmax + step / 2 do
        local x = x0 + (x1 - x0) * (vmax > 0 and v / vmax or 0)
        out[#out + 1] = line(x, y_top, x, y, "grid")
        out[#out + 1] = line(x, y, x, y + 5, "axis-line")
        local label = as_percent and format("%d%%", floor(v + 0.5)) or view.int(v)
        out[#out + 1] = text_el(x, y + 18, label, ' text-anchor="middle"')
        v = v + step
    end
    out[#out + 1] = text_el((x0 + x1) / 2, y + 36, esc(title), ' text-anchor="middle" class="axis-title"')
    out[#out + 1] = "</g>"
    return concat(out)
end

------------------------------------------------------------------------------
-- Charts.  Each takes the width of its viewBox: the page draws every chart
-- twice, wide for a desktop and narrow (NARROW units) for a phone, and CSS
-- shows one, so that text stays near its nominal size on both.

M.NARROW = 360

local function class_items(p)
    local items = {}
    for _, c in ipairs(p.classes) do items[#items + 1] = { M.CLASS_COLOURS[c.key], c.label } end
    return items
end

-- Legend rows of `per_row` swatches from y down.
local function legend_rows(x, y, items, per_row, column)
    local out = {}
    for first = 1, #items, per_row do
        local row = {}
        for i = first, math.min(#items, first + per_row - 1) do row[#row + 1] = items[i] end
        out[#out + 1] = legend(x, y + floor((first - 1) / per_row) * 22, row, column)
    end
    return concat(out)
end

-- Donut of the classes' shares of backlinks; legend with both shares
-- beside it (wide) or under it (narrow).
function M.donut(p, W)
    local narrow = W < 500
    local R, r = 110, 64
    local cx, cy = narrow and W / 2 or 125, 125
    local lx, ly = narrow and 16 or 258, narrow and 278 or 38
    local H = narrow and ly + 5 * 30 + 10 or 250
    local out = { svg_open(W, H, "Anchor classes by share of backlinks") }
    local total = p.totals.backlinks
    if total ~= total or total <= 0 then
        out[#out + 1] = format('<circle cx="%s" cy="%s" r="%s" fill="none" stroke="#d9e2ec" stroke-width="%s"/>',
            num(cx), num(cy), num((R + r) / 2), num(R - r))
    end
    local a = -pi / 2
    for _, c in ipairs(p.classes) do
        local s = c.backlinks_share
        if total > 0 and s > 0 then
            local title = format("<title>%s: %s of backlinks (%s)</title>", esc(c.label),
                view.percent(s), view.int(c.backlinks))
            local colour = M.CLASS_COLOURS[c.key]
            if s >= 0.99999 then
                out[#out + 1] = format('<circle cx="%s" cy="%s" r="%s" fill="none" stroke="%s" ' ..
                    'stroke-width="%s">%s</circle>', num(cx), num(cy), num((R + r) / 2), colour, num(R - r), title)
            else
                local b = a + s * 2 * pi
                local large = s > 0.5 and 1 or 0
                out[#out + 1] = format('<path d="M%s %s A%d %d 0 %d 1 %s %s L%s %s A%d %d 0 %d 0 %s %sZ" ' ..
                    'fill="%s" stroke="#fff" stroke-width="1">%s</path>',
                    num(cx + R * cos(a)), num(cy + R * sin(a)), R, R, large,
                    num(cx + R * cos(b)), num(cy + R * sin(b)),
                    num(cx + r * cos(b)), num(cy + r * sin(b)), r, r, large,
                    num(cx + r * cos(a)), num(cy + r * sin(a)), colour, title)
                a = b
            end
        end
    end
    out[#out + 1] = text_el(cx, cy - 2, view.int(total), ' text-anchor="middle" class="big"')
    out[#out + 1] = text_el(cx, cy + 18, "backlinks", ' text-anchor="middle" class="muted"')
    -- Legend: colour, class, share of backlinks, share of referring domains.
    local c1, c2 = narrow and W - 110 or lx + 222, narrow and W - 16 or lx + 316
    out[#out + 1] = '<g class="legend">'
    out[#out + 1] = text_el(c1, ly, "backlinks", ' text-anchor="end" class="muted"')
    out[#out + 1] = text_el(c2, ly, "ref. domains", ' text-anchor="end" class="muted"')
    for i, c in ipairs(p.classes) do
        local y = ly + i * (narrow and 28 or 32)
        out[#out + 1] = rect(lx, y - 12, 14, 14, M.CLASS_COLOURS[c.key])
        out[#out + 1] = text_el(lx + 20, y, esc(c.label))
        out[#out + 1] = text_el(c1, y, view.percent(c.backlinks_share), ' text-anchor="end"')
        out[#out + 1] = text_el(c2, y, view.percent(c.referring_domains_share), ' text-anchor="end"')
    end
    out[#out + 1] = "</g></svg>"
    return concat(out)
end

-- 100% stacked bars of the classes for anchors, backlinks, referring domains.
function M.stacked(p, W)
    local narrow = W < 500
    local x0, x1 = narrow and 96 or 130, W - 20
    local rows = { { "Anchors", "anchors_share" }, { "Backlinks", "backlinks_share" },
        { "Ref. domains", "referring_domains_share" } }
    local y_top, bar, gap = 14, 34, 16
    local y_axis = y_top + #rows * (bar + gap) - gap + 8
    local per_row = narrow and 2 or 3
    local H = y_axis + 62 + ceil(5 / per_row) * 22
    local out = { svg_open(W, H, "Anchor classes as shares of anchors, backlinks and referring domains") }
    out[#out + 1] = x_axis(x0, x1, y_axis, y_top - 4, 100, 25, "share (%)", true)
    for i, row in ipairs(rows) do
        local y = y_top + (i - 1) * (bar + gap)
        out[#out + 1] = text_el(x0 - 8, y + bar / 2 + 5, row[1], ' text-anchor="end"')
        local x = x0
        for _, c in ipairs(p.classes) do
            local s = c[row[2]]
            if s > 0 then
                local w = (x1 - x0) * s
                out[#out + 1] = rect(x, y, w, bar, M.CLASS_COLOURS[c.key],
                    format("%s: %s of %s", esc(c.label), view.percent(s), row[1]:lower()))
                if w >= 34 then
                    out[#out + 1] = text_el(x + w / 2, y + bar / 2 + 5, format("%d%%", floor(s * 100 + 0.5)),
                        ' text-anchor="middle" class="on-bar"')
                end
                x = x + w
            end
        end
    end
    out[#out + 1] = legend_rows(16, y_axis + 62, class_items(p), per_row, narrow and 170 or 180)
    out[#out + 1] = "</svg>"
    return concat(out)
end

-- The top anchors by referring domains, dofollow and nofollow stacked;
-- labels beside the bars (wide) or above them (narrow).
function M.top_anchors(p, W)
    local narrow = W < 500
    local top = p.top
    local n = #top
    local x0, x1 = narrow and 8 or 330, narrow and W - 96 or W - 150
    local row, bar_y = narrow and 42 or 24, narrow and 20 or 3
    local y_top = narrow and 52 or 40
    local H = y_top + max(n, 1) * row + 60
    local out = { svg_open(W, H, "Top anchors by referring domains, dofollow and nofollow") }
    out[#out + 1] = legend_rows(narrow and 8 or x0, 20, { { M.DOFOLLOW, "dofollow referring domains" },
        { M.NOFOLLOW, "nofollow referring domains" } }, narrow and 1 or 2, 240)
    local vmax = 0
    for _, e in ipairs(top) do vmax = max(vmax, e.referring_domains) end
    local step, axis_max = ticks(vmax, narrow and 5 or 6)
    local y_axis = y_top + max(n, 1) * row + 4
    out[#out + 1] = x_axis(x0, x1, y_axis, y_top - 6, axis_max, step, "referring domains")
    if n == 0 then
        out[#out + 1] = text_el((x0 + x1) / 2, y_top + 16, "no anchors", ' text-anchor="middle" class="muted"')
    end
    local scale = axis_max > 0 and (x1 - x0) / axis_max or 0
    for i, e in ipairs(top) do
        local y = y_top + (i - 1) * row
        local full = esc(view.anchor(e.anchor, 300))
        local class_title = esc(view.anchor(e.anchor, 60)) .. ": " .. esc(p.by_class[e.class].label)
        if narrow then
            out[#out + 1] = rect(x0, y + 4, 10, 10, M.CLASS_COLOURS[e.class], class_title)
            out[#out + 1] = format('<text x="%s" y="%s" class="anchor"><title>%s</title>%s</text>', num(x0 + 16),
                num(y + 14), full, esc(view.anchor(e.anchor, 40)))
        else
            out[#out + 1] = format('<text x="%s" y="%s" text-anchor="end" class="anchor"><title>%s</title>%s</text>',
                num(x0 - 22), num(y + row / 2 + 4), full, esc(view.anchor(e.anchor, 44)))
            out[#out + 1] = rect(x0 - 16, y + row / 2 - 5, 10, 10, M.CLASS_COLOURS[e.class], class_title)
        end
        local bh = narrow and 16 or row - 6
        local wd, wn = e.referring_domains_dofollow * scale, e.referring_domains_nofollow * scale
        out[#out + 1] = rect(x0, y + bar_y, wd, bh, M.DOFOLLOW,
            format("%s dofollow referring domains", view.int(e.referring_domains_dofollow)))
        out[#out + 1] = rect(x0 + wd, y + bar_y, wn, bh, M.NOFOLLOW,
            format("%s nofollow referring domains", view.int(e.referring_domains_nofollow)))
        local value = narrow and format("%s \194\183 %s nf", view.int(e.referring_domains),
            view.percent(e.nofollow_share, 0))
            or format("%s (%s nofollow)", view.int(e.referring_domains), view.percent(e.nofollow_share, 0))
        out[#out + 1] = text_el(x0 + wd + wn + 6, y + bar_y + bh / 2 + 4, value, ' class="value"')
    end
    out[#out + 1] = "</svg>"
    return concat(out)
end

-- Horizontal bars of one summed map: its `n` largest keys and the rest.
function M.map_bars(p, field, n, W)
    local narrow = W < 500
    local map = p.maps[field]
    local title = view.MAP_TITLES[field]
    local entries = view.head(map, n or 10)
    local x0, x1, row, y_top = narrow and 118 or 140, W - 120, 22, 30
    local H = y_top + max(#entries, 1) * row + 56
    local out = { svg_open(W, H, title .. ": referring links, summed over anchors") }
    out[#out + 1] = legend(narrow and 16 or x0, 16, { { M.BAR, "referring links (summed over anchors)" } }, 300)
    local vmax = 0
    for _, e in ipairs(entries) do vmax = max(vmax, e.count) end
    local step, axis_max = ticks(vmax, narrow and 2 or 5)
    local y_axis = y_top + max(#entries, 1) * row + 4
    out[#out + 1] = x_axis(x0, x1, y_axis, y_top - 4, axis_max, step, "referring links")
    if #entries == 0 then
        out[#out + 1] = text_el((x0 + x1) / 2, y_top + 14, "no data", ' text-anchor="middle" class="muted"')
    end
    for i, e in ipairs(entries) do
        local y = y_top + (i - 1) * row
        local label = e.rest and esc(e.label) or esc(view.key(e.key, narrow and 14 or 16))
        local full = e.rest and esc(e.label) or esc(view.key(e.key, 200))
        out[#out + 1] = format('<text x="%s" y="%s" text-anchor="end"><title>%s</title>%s</text>', num(x0 - 8),
            num(y + row / 2 + 4), full, label)
        local w = axis_max > 0 and (x1 - x0) * e.count / axis_max or 0
        out[#out + 1] = rect(x0, y + 3, w, row - 6, e.rest and "#9aa5b1" or M.BAR,
            format("%s: %s (%s)", full, view.int(e.count), view.percent(e.share)))
        out[#out + 1] = text_el(x0 + w + 6, y + row / 2 + 4,
            format("%s \194\183 %s", view.int(e.count), view.percent(e.share)), ' class="value"')
    end
    out[#out + 1] = "</svg>"
    return concat(out)
end

-- Which months get a label on the x axis: at most `most`, on quarters or
-- on Januaries (shown as the year) when the months are contiguous.
local function month_labels(months, filled, most)
    local n, labels = #months, {}
    if not filled or n <= most then
        local every = max(1, ceil(n / most))
        for i, m in ipairs(months) do
            if (i - 1) % every == 0 then labels[i] = m.month end
        end
    elseif n <= 3 * most then
        for i, m in ipairs(months) do
            if (tonumber(m.month:sub(6, 7)) - 1) % 3 == 0 then labels[i] = m.month end
        end
    else
        local every = max(1, ceil(n / 12 / most))
        for i, m in ipairs(months) do
            if m.month:sub(6, 7) == "01" and tonumber(m.month:sub(1, 4)) % every == 0 then
                labels[i] = m.month:sub(1, 4)
            end
        end
    end
    return labels
end

-- New anchors (first_seen) above the line and lost anchors (lost_date)
-- below it, by month.
function M.timeline(p, W)
    local narrow = W < 500
    local months, filled = view.timeline(p.months)
    local x0, x1, y0, y1 = narrow and 48 or 60, W - 15, narrow and 62 or 40, narrow and 282 or 260
    local H = y1 + 60
    local out = { svg_open(W, H, "New and lost anchors by month") }
    out[#out + 1] = legend_rows(narrow and 8 or x0, 18, { { M.NEW, "new anchors (first seen)" },
        { M.LOST, "lost anchors (every backlink lost)" } }, narrow and 1 or 2, 250)
    local up, down = 0, 0
    for _, m in ipairs(months) do up, down = max(up, m.new), max(down, m.lost) end
    -- One scale for both; below the line its own (finer) ticks, so a few
    -- lost anchors do not take the room of a full step.
    local step, top = ticks(max(up, 1), 4)
    local step_down, bottom = ticks(down, 2)
    if down == 0 then bottom = 0 end
    local span = top + bottom
    local zero = y0 + (y1 - y0) * top / span
    local scale = (y1 - y0) / span
    -- y axis: ticks up (new) and down (lost), both as positive counts.
    out[#out + 1] = '<g class="axis">'
    out[#out + 1] = line(x0, y0, x0, y1, "axis-line")
    local function tick(v, labelled)
        local y = zero - v * scale
        out[#out + 1] = line(x0, y, x1, y, v == 0 and "zero" or "grid")
        out[#out + 1] = line(x0 - 5, y, x0, y, "axis-line")
        if labelled then
            out[#out + 1] = text_el(x0 - 8, y + 4, view.int(math.abs(v)), ' text-anchor="end"')
        end
    end
    for k = 0, floor(top / step + 0.5) do tick(k * step, true) end
    -- Labels below the line only where they do not run into each other.
    local downs = floor(bottom / step_down + 0.5)
    for k = 1, downs do
        tick(-k * step_down, step_down * scale >= 14 or (k == downs and k * step_down * scale >= 14))
    end
    out[#out + 1] = format('<text x="12" y="%s" transform="rotate(-90 12 %s)" text-anchor="middle" ' ..
        'class="axis-title">anchors</text>', num((y0 + y1) / 2), num((y0 + y1) / 2))
    out[#out + 1] = "</g>"
    local n = #months
    if n == 0 then
        out[#out + 1] = text_el((x0 + x1) / 2, zero - 10, "no dated anchors", ' text-anchor="middle" class="muted"')
    end
    local slot = n > 0 and (x1 - x0) / n or 0
    local bw = max(1, slot * 0.8)
    local labels = month_labels(months, filled, narrow and 5 or 12)
    for i, m in ipairs(months) do
        local x = x0 + (i - 1) * slot + (slot - bw) / 2
        local title = format("%s: %s new, %s lost", esc(m.month), view.int(m.new), view.int(m.lost))
        if m.new > 0 then out[#out + 1] = rect(x, zero - m.new * scale, bw, m.new * scale, M.NEW, title) end
        if m.lost > 0 then out[#out + 1] = rect(x, zero, bw, m.lost * scale, M.LOST, title) end
        if labels[i] then
            out[#out + 1] = line(x + bw / 2, y1, x + bw / 2, y1 + 5, "axis-line")
            out[#out + 1] = text_el(x + bw / 2, y1 + 20, esc(labels[i]), ' text-anchor="middle"')
        end
    end
    out[#out + 1] = line(x0, y1, x1, y1, "axis-line")
    out[#out + 1] = text_el((x0 + x1) / 2, y1 + 44, filled and "month" or "month (months with anchors only)",
        ' text-anchor="middle" class="axis-title"')
    out[#out + 1] = "</svg>"
    return concat(out)
end

-- Whether the months follow each other without a gap.
local function contiguous(points)
    for i = 2, #points do
        local y1, m1 = points[i - 1].month:match("^(%d+)%-(%d+)$")
        local y2, m2 = points[i].month:match("^(%d+)%-(%d+)$")
        if (tonumber(y2) * 12 + tonumber(m2)) - (tonumber(y1) * 12 + tonumber(m1)) ~= 1 then return false end
    end
    return true
end

M.HISTORY_SERIES = {
    { key = "backlinks", label = "Backlinks", colour = "#0072B2" },
    { key = "referring_domains", label = "Referring domains", colour = "#D55E00" },
}

-- The site's backlinks and referring domains month by month (history):
-- one panel per series, each with its own axis from 0, the months shared
-- below; a point per month (data-series, data-month, data-value).
function M.history(points, W)
    local narrow = W < 500
    local x0, x1 = narrow and 56 or 76, W - 16
    local panel, gap, y_top = narrow and 130 or 150, 44, 30
    local H = y_top + 2 * panel + gap + 56
    local out = { svg_open(W, H, "Backlinks and referring domains by month") }
    local n = #points
    local slot = n > 1 and (x1 - x0) / (n - 1) or 0
    local function x_of(i) return n > 1 and x0 + (i - 1) * slot or (x0 + x1) / 2 end
    for s, series in ipairs(M.HISTORY_SERIES) do
        local top = y_top + (s - 1) * (panel + gap)
        local bottom = top + panel
        out[#out + 1] = text_el(x0, top - 10, esc(series.label), ' class="axis-title"')
        local vmax = 0
        for _, pt in ipairs(points) do vmax = max(vmax, pt[series.key]) end
        local step, axis_max = ticks(vmax, 4)
        out[#out + 1] = '<g class="axis">'
        for k = 0, floor(axis_max / step + 0.5) do
            local y = bottom - panel * (k * step) / axis_max
            out[#out + 1] = line(x0, y, x1, y, k == 0 and "axis-line" or "grid")
            out[#out + 1] = text_el(x0 - 8, y + 4, view.int(k * step), ' text-anchor="end"')
        end
        out[#out + 1] = "</g>"
        if n == 0 then
            out[#out + 1] = text_el((x0 + x1) / 2, bottom - panel / 2, "no history",
                ' text-anchor="middle" class="muted"')
        end
        local coords, dots = {}, {}
        for i, pt in ipairs(points) do
            local x, y = x_of(i), bottom - panel * pt[series.key] / axis_max
            coords[i] = num(x) .. "," .. num(y)
            dots[i] = format('<circle cx="%s" cy="%s" r="%s" fill="%s" data-series="%s" data-month="%s" ' ..
                'data-value="%s"><title>%s: %s %s</title></circle>', num(x), num(y), narrow and "1.8" or "2.5",
                series.colour, series.key, esc(pt.month), format("%.17g", pt[series.key]), esc(pt.month),
                view.int(pt[series.key]), esc(series.label:lower()))
        end
        if n > 1 then
            out[#out + 1] = format('<polyline points="%s" class="line" stroke="%s"/>', concat(coords, " "),
                series.colour)
        end
        out[#out + 1] = concat(dots)
    end
    -- The months, under the lower panel (ticks on both).
    local y1 = y_top + 2 * panel + gap
    local labels = month_labels(points, contiguous(points), narrow and 4 or 12)
    for i in ipairs(points) do
        if labels[i] then
            out[#out + 1] = line(x_of(i), y1, x_of(i), y1 + 5, "axis-line")
            out[#out + 1] = text_el(x_of(i), y1 + 20, esc(labels[i]), ' text-anchor="middle"')
        end
    end
    out[#out + 1] = text_el((x0 + x1) / 2, y1 + 44, "month (the state at its end; live backlinks)",
        ' text-anchor="middle" class="axis-title"')
    out[#out + 1] = "</svg>"
    return concat(out)
end

------------------------------------------------------------------------------
-- Tables

local function classes_table(p)
    local out = { '<table><thead><tr><th>Class</th><th class="n">Anchors</th><th class="n">Share</th>' ..
        '<th class="n">Backlinks</th><th class="n">Share</th><th class="n">Referring domains</th>' ..
        '<th class="n">Share</th></tr></thead><tbody>' }
    for _, c in ipairs(p.classes) do
        out[#out + 1] = format('<tr data-class="%s"><td><span class="sw" style="background:%s"></span>%s</td>' ..
            '<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td>' ..
            '<td class="n">%s</td><td class="n">%s</td></tr>', esc(c.key), M.CLASS_COLOURS[c.key], esc(c.label),
            view.int(c.anchors), view.percent(c.anchors_share), view.int(c.backlinks),
            view.percent(c.backlinks_share), view.int(c.referring_domains),
            view.percent(c.referring_domains_share))
    end
    out[#out + 1] = "</tbody></table>"
    return concat(out)
end

local function date_of(s)
    if type(s) ~= "string" then return "" end
    return esc(s:match("^(%d%d%d%d%-%d%d%-%d%d)") or view.visible(s, 30))
end

local function top_table(p)
    local out = { '<table><thead><tr><th class="n">#</th><th>Anchor</th><th>Class</th>' ..
        '<th class="n">Referring domains</th><th class="n">Nofollow</th><th class="n">Backlinks</th>' ..
        '<th>First seen</th><th>Lost</th></tr></thead><tbody>' }
    for i, e in ipairs(p.top) do
        out[#out + 1] = format('<tr><td class="n">%d</td><td class="anchor"><bdi>%s</bdi></td><td>%s</td>' ..
            '<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="d">%s</td>' ..
            '<td class="d">%s</td></tr>', i,
            esc(view.anchor(e.anchor, 300)), esc(p.by_class[e.class].label), view.int(e.referring_domains),
            view.percent(e.nofollow_share, 0), view.int(e.backlinks), date_of(e.first_seen),
            date_of(e.lost_date))
    end
    out[#out + 1] = "</tbody></table>"
    return concat(out)
end

-- The "since" section: counts, then the anchors gained and lost.
local function since_html(since)
    local v = view.since(since)
    local out = { '<section class="card wide" id="since"><h2>', esc("Since " .. v.date), "</h2><p>",
        esc(format("%s anchors gained, %s lost, %s changed, %s unchanged.", view.int(#v.gained + v.more_gained),
            view.int(#v.lost + v.more_lost), view.int(v.changed), view.int(v.unchanged))), "</p>" }
    for _, list in ipairs({ { "gained", v.gained, v.more_gained }, { "lost", v.lost, v.more_lost } }) do
        if #list[2] > 0 then
            out[#out + 1] = format('<h3>Anchors %s</h3><div class="table"><table data-since="%s"><thead><tr>'
                .. '<th>Anchor</th><th class="n">Referring domains</th><th class="n">Backlinks</th></tr></thead>'
                .. "<tbody>", list[1], list[1])
            for _, r in ipairs(list[2]) do
                out[#out + 1] = format('<tr><td class="anchor"><bdi>%s</bdi></td><td class="n">%s</td>'
                    .. '<td class="n">%s</td></tr>', esc(view.anchor(r.anchor, 300)), view.int(r.referring_domains),
                    view.int(r.backlinks))
            end
            out[#out + 1] = "</tbody></table></div>"
            if list[3] > 0 then out[#out + 1] = "<p>" .. esc(format("and %s more", view.int(list[3]))) .. "</p>" end
        end
    end
    out[#out + 1] = "</section>"
    return concat(out)
end

------------------------------------------------------------------------------
-- The page

M.CSS = [[
:root{--fg:#1f2933;--muted:#52606d;--bg:#f4f6f9;--card:#fff;--line:#d9e2ec}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;
color:var(--fg);background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:24px 20px 40px}
h1{font-size:26px;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:16px;margin:0 0 10px}
h3{font-size:14px;margin:12px 0 6px}
.sub{color:var(--muted);margin:0 0 18px;overflow-wrap:anywhere}
.note{background:#fff4e5;border:1px solid #f0c36d;border-radius:8px;padding:8px 12px;margin:0 0 16px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(126px,1fr));gap:12px;margin:0 0 18px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.tile .label{font-size:13px;color:var(--muted)}
.tile .value{display:block;font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.tile .hint{font-size:12px;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:0;min-width:0}
.wide{grid-column:1/-1}
.chart svg{display:block;width:100%;height:auto}
.sm{display:none}
svg text{font-size:13px;fill:var(--fg);unicode-bidi:isolate}
svg .big{font-size:24px;font-weight:650}
svg .muted,.muted{fill:var(--muted);color:var(--muted)}
svg .on-bar{fill:#fff;font-size:12px;font-weight:600}
svg .value{font-size:12px;fill:var(--muted)}
svg .axis-title{font-size:12px;fill:var(--muted)}
svg .axis-line{stroke:#7b8794;stroke-width:1}
svg .grid{stroke:#e4e7eb;stroke-width:1}
svg .zero{stroke:#52606d;stroke-width:1.2}
svg .line{fill:none;stroke-width:2}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted)}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.anchor{overflow-wrap:anywhere;min-width:12em}
td.d{white-space:nowrap}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
footer{color:var(--muted);font-size:13px;margin-top:20px;overflow-wrap:anywhere}
@media (max-width:760px){.grid{grid-template-columns:minmax(0,1fr)}main{padding:14px 10px 30px}
.lg{display:none}.sm{display:block}.card{padding:12px 10px}
h1{font-size:21px}.tile .value{font-size:20px}}
]]

local function tiles(p, opts)
    local out = { '<section class="tiles" aria-label="Summary">' }
    for _, t in ipairs(view.tiles(p, opts.summary, opts.spend)) do
        local value = t.value == nil and "" or format("%.17g", t.value)
        out[#out + 1] = format('<div class="tile" data-metric="%s" data-value="%s"><span class="label">%s</span>' ..
            '<span class="value">%s</span><span class="hint">%s</span></div>', esc(t.key), esc(value),
            esc(t.label), esc(t.text), esc(t.note))
    end
    out[#out + 1] = "</section>"
    return concat(out)
end

-- A card with a chart drawn wide (shown on a desktop) and narrow (a phone).
local function card(title, draw, wide, id)
    return format('<figure class="card%s" id="%s"><h2>%s</h2><div class="chart"><div class="lg">%s</div>' ..
        '<div class="sm">%s</div></div></figure>', wide and " wide" or "", id, esc(title),
        draw(wide and 1000 or 580), draw(M.NARROW))
end

-- The whole page.  opts: generated (a date text), status (the
-- backlinks_status_type walked), note (why the data is partial), summary
-- (the summary endpoint's answer: the site's totals in the tiles), history
-- (history's items: the chart over time), spend (USD of all the calls),
-- since (what changed since an earlier kept snapshot: view.since's input).
function M.render(p, opts)
    opts = opts or {}
    local target = p.target and view.visible(p.target, 200) or "anchors"
    local t = p.totals
    local sub = { "Brand: " .. view.brands(p) }
    if opts.status then sub[#sub + 1] = view.STATUS_WORDS[opts.status] or view.visible(opts.status, 20) end
    local count = view.int(t.anchors) .. " anchors"
    if t.total_count and t.total_count ~= t.anchors then count = count .. " of " .. view.int(t.total_count) end
    sub[#sub + 1] = count
    if opts.generated then sub[#sub + 1] = "generated " .. view.visible(opts.generated, 40) end

    local out = {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; ' ..
            'base-uri \'none\'; form-action \'none\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>Anchor profile: ", esc(target), "</title>",
        "<style>", M.CSS, "</style></head><body><main>",
        '<h1>Anchor profile of <bdi>', esc(target), "</bdi></h1>",
        '<p class="sub">', esc(concat(sub, " \194\183 ")), "</p>",
    }
    if opts.note then out[#out + 1] = '<p class="note">' .. show(opts.note, 400) .. "</p>" end
    out[#out + 1] = tiles(p, opts)
    out[#out + 1] = '<div class="grid">'
    if opts.since then out[#out + 1] = since_html(opts.since) end
    local function map(field, n) return function(W) return M.map_bars(p, field, n, W) end end
    local function chart(f) return function(W) return f(p, W) end end
    local points, skipped = view.history(opts.history)
    if opts.history then
        out[#out + 1] = card("Backlinks and referring domains over time", function(W) return M.history(points, W) end,
            true, "history")
    end
    out[#out + 1] = card("Anchor classes (share of backlinks)", chart(M.donut), false, "classes")
    out[#out + 1] = card("Classes by anchors, backlinks and referring domains", chart(M.stacked), false, "shares")
    out[#out + 1] = card(format("Top %d anchors by referring domains", #p.top), chart(M.top_anchors), true, "top")
    out[#out + 1] = card("Top-level domains of the referring links", map("referring_links_tld", 10), false, "tld")
    out[#out + 1] = card("Countries of the referring links", map("referring_links_countries", 10), false,
        "countries")
    out[#out + 1] = card("New and lost anchors by month", chart(M.timeline), true, "timeline")
    out[#out + 1] = card("Platform types", map("referring_links_platform_types", 8), false, "platforms")
    out[#out + 1] = card("Semantic locations", map("referring_links_semantic_locations", 8), false, "semantic")
    out[#out + 1] = card("Link types", map("referring_links_types", 8), false, "types")
    out[#out + 1] = card("Link attributes", map("referring_links_attributes", 8), false, "attributes")
    out[#out + 1] = '<section class="card wide" id="class-table"><h2>Classes</h2><div class="table">' ..
        classes_table(p) .. "</div></section>"
    out[#out + 1] = '<section class="card wide" id="top-table"><h2>Top anchors</h2><div class="table">' ..
        top_table(p) .. "</div></section>"
    out[#out + 1] = "</div>"
    local notes = { "Shares of referring domains are of their sum over anchors (a domain linking with two "
        .. "anchors counts for both). Maps count referring links, summed over anchors." }
    if opts.summary then
        notes[#notes + 1] = "Backlinks, referring domains and the nofollow share in the tiles are the site's own "
            .. "totals (summary, live backlinks)."
    end
    if skipped > 0 then notes[#notes + 1] = view.int(skipped) .. " history entries without a month were left out." end
    if p.undated > 0 then notes[#notes + 1] = view.int(p.undated) .. " anchors without a first_seen date." end
    if p.ignored_values > 0 or p.skipped_items > 0 then
        notes[#notes + 1] = format("%s values that were not counts and %s items that were not objects "
            .. "were left out.", view.int(p.ignored_values), view.int(p.skipped_items))
    end
    notes[#notes + 1] = "Made by lua-dataforseo " .. version .. "."
    out[#out + 1] = "<footer>" .. esc(concat(notes, " ")) .. "</footer>"
    out[#out + 1] = "</main></body></html>\n"
    return concat(out)
end

return M
