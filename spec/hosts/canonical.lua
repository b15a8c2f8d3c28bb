-- A canonical text of a Lua value (sorted keys, JSON null as "null"), so
-- that results from inside Neovim and from the spec can be compared as text.
local function canonical(v)
    local t = type(v)
    if t == "table" then
        local keys = {}
        for k in pairs(v) do keys[#keys + 1] = k end
        table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
        local parts = {}
        for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. canonical(v[k]) end
        return "{" .. table.concat(parts, ",") .. "}"
    elseif t == "userdata" then
        return "null"
    elseif t == "string" then
        return string.format("%q", v)
    elseif t == "number" and v == math.floor(v) and v > -2^53 and v < 2^53 then
        return string.format("%d", v)   -- 5.4 integers and LuaJIT doubles print alike
    end
    return tostring(v)
end
return canonical
