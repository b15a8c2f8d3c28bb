-- :checkhealth dataforseo (Neovim): can a plugin use this module here?
-- Reports whether the C core loads (and the Lua ABI that loaded it), the
-- module's version and JSON decoder, libcurl's version and TLS backend,
-- luv (vim.uv, or vim.loop before Neovim 0.10), and whether credentials are
-- set (never their values, not even in part).
--
--   require("dataforseo.health").check()     what :checkhealth calls
--   require("dataforseo.health").results()   -> { { level, text }, ... }
--       level: "ok" | "warn" | "error" | "info"; usable outside Neovim
-- Neovim 0.7 reports through require("health").report_*, 0.8 through
-- vim.health.report_*, 0.9+ through vim.health.start/ok/warn/error/info.
local M = {}

-- The Lua that runs us: core.so must be built for its ABI.
local function host_lua()
    if jit then return jit.version .. " (Lua 5.1 ABI)" end
    return _VERSION
end

local function build_hint()
    if jit then
        return "build it for LuaJIT (make LUA=luajit) and copy build/luajit/dataforseo/core.so "
            .. "to lua/dataforseo/core.so in the plugin's directory"
    end
    return "build it for this Lua: make LUA=lua" .. _VERSION:match("%d+%.%d+")
end

-- Where require("dataforseo.core") finds the file: Neovim's runtimepath
-- loader comes before package.cpath.
local function core_location()
    if vim and vim.api and vim.api.nvim_get_runtime_file then
        local found = vim.api.nvim_get_runtime_file("lua/dataforseo/core.so", false)[1]
        if found then return found end
    end
    for template in package.cpath:gmatch("[^;]+") do
        local path = template:gsub("%?", "dataforseo/core")
        local f = io.open(path, "rb")
        if f then
            f:close()
            return path
        end
    end
    return nil
end

-- An error message on one line, cut at 300 characters.
local function one_line(message)
    local text = tostring(message):gsub("%s+", " ")
    if #text > 300 then text = text:sub(1, 297) .. "..." end
    return text
end

local function check_core(out)
    local ok, core = pcall(require, "dataforseo.core")
    local where = core_location()
    if not ok then
        if not where then
            out("error", "no core.so: neither lua/dataforseo/core.so on the runtimepath nor "
                .. "dataforseo/core.so on package.cpath; " .. build_hint())
            return nil
        end
        local why = one_line(core)
        local hint = build_hint()
        if tostring(core):find("undefined symbol: lua", 1, true) then
            hint = "core.so was built for another Lua than " .. host_lua() .. ": " .. hint
        end
        out("error", "dataforseo.core does not load from " .. where .. " (" .. why .. "); " .. hint)
        return nil
    end
    out("ok", "dataforseo.core loads from " .. (where or "a package loader") .. " (" .. host_lua() .. ")")
    return core
end

local function check_curl(out, core)
    local ok, info = pcall(core.http.info)
    if not ok or type(info) ~= "table" then
        out("error", "libcurl: the core cannot report its version: " .. one_line(info))
        return
    end
    local features = {}
    for _, name in ipairs{ "gzip", "brotli", "zstd", "http2" } do
        if info[name] then features[#features + 1] = name end
    end
    local extras = #features > 0 and (", " .. table.concat(features, ", ")) or ""
    if info.ssl == nil or info.ssl == "" then
        out("error", "libcurl " .. tostring(info.version) .. " has no TLS backend: "
            .. "https://api.dataforseo.com cannot be reached (install a libcurl built with TLS)")
    else
        out("ok", "libcurl " .. tostring(info.version) .. ", TLS: " .. info.ssl .. extras)
    end
end

local function check_module(out)
    local ok, dataforseo = pcall(require, "dataforseo")
    if ok then
        out("ok", "dataforseo " .. tostring(dataforseo._VERSION) .. " loads; JSON decoder: "
            .. tostring(dataforseo.json.decoder) .. " (dataforseo.json.decoder)")
    else
        out("error", "require 'dataforseo' fails: " .. one_line(dataforseo))
    end
end

local function check_luv(out)
    local loop, source = require("dataforseo.hosts.luv").neovim_loop()
    if not loop then
        local ok, luv = pcall(require, "luv")
        if ok then loop, source = luv, "require 'luv'" end
    end
    if type(loop) == "table" and loop.new_poll and loop.new_timer then
        local version = loop.version_string and loop.version_string() or "?"
        out("ok", "luv (" .. source .. ", libuv " .. version .. "): anchors_async and "
            .. "anchors_pages_async run on its loop")
    else
        out("warn", "no luv loop (vim.uv, vim.loop before Neovim 0.10, or the luv module): "
            .. "only blocking calls are available")
    end
end

-- Only whether each variable is set: its value never reaches a message.
local function check_credentials(out)
    local missing = {}
    for _, name in ipairs{ "DATAFORSEO_LOGIN", "DATAFORSEO_PASSWORD" } do
        local value = os.getenv(name)
        if value == nil or value == "" then missing[#missing + 1] = name end
    end
    if #missing == 0 then
        out("ok", "DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD are set (values not shown)")
    else
        out("warn", table.concat(missing, " and ") .. (#missing == 1 and " is" or " are")
            .. " not set: set them in Neovim's environment, or pass login and password "
            .. "to dataforseo.new")
    end
end

function M.results()
    local list = {}
    local function out(level, text) list[#list + 1] = { level, text } end
    local core = check_core(out)
    if core then
        check_curl(out, core)
        check_module(out)
    end
    check_luv(out)
    check_credentials(out)
    return list
end

-- The reporting functions of this Neovim's health API.
local function reporter()
    local h = vim.health
    if h and h.start then
        return h.start, { ok = h.ok, warn = h.warn, error = h.error, info = h.info }
    end
    if not (h and h.report_start) then h = require("health") end
    return h.report_start, { ok = h.report_ok, warn = h.report_warn, error = h.report_error,
        info = h.report_info }
end

function M.check()
    local start, report = reporter()
    start("dataforseo")
    for _, r in ipairs(M.results()) do report[r[1]](r[2]) end
end

return M
