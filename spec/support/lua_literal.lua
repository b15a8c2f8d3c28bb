-- A Lua literal for a value made of strings, numbers, booleans and tables:
-- how a spec hands data to Lua code in another process (an nginx config,
-- Neovim) and how that code hands its outcome back.  Loaded with dofile,
-- also from inside Neovim, so it requires nothing.
local function literal(v)
    if type(v) == "table" then
        local parts = {}
        for k, x in pairs(v) do parts[#parts + 1] = "[" .. literal(k) .. "]=" .. literal(x) end
        return "{" .. table.concat(parts, ",") .. "}"
    elseif type(v) == "string" then
        return string.format("%q", v)
    end
    return tostring(v)
end
return literal
