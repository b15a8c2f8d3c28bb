-- The install recipes of the docs, run as a reader runs them: the lines
-- are read from the docs (never copied into a spec), run by bash -e in a
-- clean clone of this checkout's HEAD, with a scratch HOME and nothing of
-- the caller's environment but PATH.
--
--   local recipes = dofile("spec/support/recipes.lua")
--   recipes.block(file, name)   -> the code of the fence tagged `recipe=NAME:`
--                                  in file (README.md, docs/...); raises when absent
--   recipes.block_after(file, name, lang) -> the code of the first ```LANG
--                                  block after that fence
--   recipes.clone(dir)          -> dir .. "/clone": `git clone` of HEAD (commit
--                                  first: what is not committed is not there)
--   recipes.home(dir, name)     -> a new scratch HOME (world-readable: nginx's
--                                  workers run as nobody under root)
--   recipes.run(opts)           -> exit code, stdout, stderr of one bash script:
--       opts.cwd    where the recipe runs (the clone)
--       opts.home   HOME
--       opts.env    { NAME = value } besides HOME and PATH
--       opts.parts  strings joined into the script, in order (recipe lines,
--                   then the spec's own checks; `cd "$HOME"` between them is
--                   the caller's to write)
--       opts.wrap   a command the script runs under (e.g. unshare)
local helpers = dofile("spec/support/helpers.lua")
local fences = dofile("spec/support/fences.lua")
local quote = helpers.shell_quote

local M = {}

local function find(file, name)
    local text = assert(helpers.read_file(helpers.ROOT .. "/" .. file), "no " .. file)
    local list = fences.blocks(text)
    for i, b in ipairs(list) do
        if b.info:find("recipe=" .. name .. ":", 1, true) then return list, i end
    end
    error(file .. " has no block tagged recipe=" .. name .. ":", 3)
end

function M.block(file, name)
    local list, i = find(file, name)
    return list[i].code
end

function M.block_after(file, name, lang)
    local list, i = find(file, name)
    for j = i + 1, #list do
        if list[j].lang == lang then return list[j].code end
    end
    error(file .. ": no ```" .. lang .. " block after recipe=" .. name, 2)
end

function M.clone(dir)
    local path = dir .. "/clone"
    local code, _, err = helpers.run("git clone -q " .. quote(helpers.ROOT) .. " " .. quote(path))
    assert(code == 0, "git clone failed: " .. tostring(err))
    return path
end

function M.home(dir, name)
    local home = dir .. "/home-" .. name
    assert(helpers.sh("mkdir -p " .. quote(home) .. " && chmod 755 " .. quote(dir) .. " " .. quote(home)))
    return home
end

function M.run(opts)
    local script = opts.home .. "/.recipe.sh"
    helpers.write_file(script, "set -e -o pipefail\ncd " .. quote(opts.cwd) .. "\n"
        .. table.concat(opts.parts, "\n") .. "\n")
    local env = { "HOME=" .. quote(opts.home), "PATH=" .. quote(os.getenv("PATH")) }
    for k, v in pairs(opts.env or {}) do env[#env + 1] = k .. "=" .. quote(v) end
    table.sort(env)
    return helpers.run("env -i " .. table.concat(env, " ") .. " " .. (opts.wrap or "")
        .. " timeout 300 bash " .. quote(script))
end

-- The failure message of a run: the ends of what it wrote.
local function tail(text)
    text = tostring(text)
    return #text > 4000 and ("..." .. text:sub(-4000)) or text
end

function M.report(what, code, out, err)
    return string.format("%s exited %s\n--- stdout:\n%s\n--- stderr:\n%s", what, tostring(code),
        tail(out), tail(err))
end

return M
