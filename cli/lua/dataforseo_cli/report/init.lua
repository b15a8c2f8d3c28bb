-- A profile (dataforseo.profile) rendered for people.
--
--   local report = require "dataforseo_cli.report"
--   local page = report.html(profile, { status = "all", generated = "2024-07-01" })
--   local tables = report.text(profile, { width = 100 })
--   report.render(profile, "html" | "text", opts)
-- opts: status (the backlinks_status_type walked), generated (a date),
-- note (why the data is partial), width (text only, columns), summary
-- (the summary endpoint's answer: the site's totals), history (history's
-- items: a chart, or a table, over time), spend (USD of every call made),
-- since (what changed since an earlier kept snapshot: report/view.lua's
-- V.since tells its fields).
local M = {}

local FORMATS = { html = true, text = true }

function M.html(profile, opts)
    return require("dataforseo_cli.report.html").render(profile, opts)
end

function M.text(profile, opts)
    return require("dataforseo_cli.report.text").render(profile, opts)
end

function M.render(profile, fmt, opts)
    if not FORMATS[fmt] then
        error("dataforseo_cli.report: unknown format " .. tostring(fmt) .. " (html, text)", 2)
    end
    return M[fmt](profile, opts)
end

return M
