-- docs/development.md maps every module of the library and the command:
-- a module missing from the map fails here, and so does a map entry whose
-- file is gone.
local helpers = dofile("spec/support/helpers.lua")

local doc = assert(helpers.read_file("docs/development.md"))
local map = assert(doc:match("## Layout.-```text\n(.-)```"), "docs/development.md has no layout map")

-- The map's lines under a tree's heading ("lua/dataforseo/", "cli/"), up to
-- the next line at the heading's indent.
local function section(heading)
    local lines, inside = {}, false
    for line in map:gmatch("[^\n]+") do
        if line:find("^" .. heading:gsub("%p", "%%%0")) then
            inside = true
        elseif inside and line:find("^%S") then
            break
        elseif inside then
            lines[#lines + 1] = line
        end
    end
    return table.concat(lines, "\n")
end

-- The module files under dir, as paths relative to it.
local function modules(dir)
    local out = {}
    for path in helpers.capture("cd " .. helpers.shell_quote(dir) .. " && find . -name '*.lua' | sort")
        :gmatch("[^\n]+") do
        out[#out + 1] = path:gsub("^%./", "")
    end
    return out
end

-- The module paths a section names: a line's left column (before the
-- description) holds a directory ("engine/") or file names ("a.lua, b.lua");
-- a file sits under the directories of the lines above it with less indent.
local function named_paths(text)
    local paths, dirs = {}, {}
    for line in text:gmatch("[^\n]+") do
        local indent, rest = line:match("^( *)(.*)$")
        local left = rest:match("^(.-)%s%s") or rest
        for level in pairs(dirs) do
            if level >= #indent then dirs[level] = nil end
        end
        local prefix = {}
        local levels = {}
        for level in pairs(dirs) do levels[#levels + 1] = level end
        table.sort(levels)
        for _, level in ipairs(levels) do prefix[#prefix + 1] = dirs[level] end
        local dir = left:match("^([%w_/]+)/$")
        if dir then
            dirs[#indent] = dir
        else
            for name in left:gmatch("([%w_/]+%.lua)") do
                prefix[#prefix + 1] = name
                paths[table.concat(prefix, "/")] = true
                prefix[#prefix] = nil
            end
        end
    end
    return paths
end

describe("docs/development.md's layout map", function()
    local trees = { { "lua/dataforseo/", "lua/dataforseo" },
        { "cli/", "cli/lua/dataforseo_cli", "lua/dataforseo_cli/" } }
    for _, tree in ipairs(trees) do
        local heading, dir, sub = tree[1], tree[2], tree[3]
        local function paths()
            local text = section(heading)
            local named = named_paths(text)
            if sub then
                local inner = {}
                for path in pairs(named) do
                    local rel = path:match("^" .. sub:gsub("%p", "%%%0") .. "(.*)$")
                    if rel then inner[rel] = true end
                end
                named = inner
            end
            return named
        end

        it("names every module of " .. dir, function()
            local named = paths()
            for _, rel in ipairs(modules(dir)) do
                assert(named[rel], dir .. "/" .. rel .. " is missing from docs/development.md's map")
            end
        end)

        it("names no module of " .. dir .. " that is gone", function()
            for rel in pairs(paths()) do
                assert(helpers.exists(dir .. "/" .. rel), "docs/development.md maps " .. dir .. "/" .. rel
                    .. ", which does not exist")
            end
        end)
    end
end)
