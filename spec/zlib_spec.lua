-- dataforseo.hosts.zlib: gzip and gunzip through LuaJIT's FFI (the emulator and
-- the ngx transport inside nginx).  Under PUC Lua there is no FFI: the
-- module says it is unavailable and fails with a message.
local zlib = require "dataforseo.hosts.zlib"

local function sample()
    local parts = {}
    for i = 1, 20000 do parts[i] = ('{"anchor":"item %d","backlinks":%d}'):format(i, i * 7 % 1000) end
    return "[" .. table.concat(parts, ",") .. "]"
end

describe("dataforseo.hosts.zlib", function()
    if not jit then
        it("is unavailable without LuaJIT's FFI, and says so", function()
            assert.is_false(zlib.available)
            local text, message = zlib.gunzip("x")
            assert.is_nil(text)
            assert.truthy(message:find("zlib is not available", 1, true))
            text, message = zlib.gzip("x")
            assert.is_nil(text)
            assert.truthy(message:find("zlib is not available", 1, true))
        end)
        return
    end

    it("round-trips text through gzip and gunzip at any level", function()
        assert.is_true(zlib.available)
        local text = sample()
        for _, level in ipairs({ 1, 6, 9 }) do
            local packed = assert(zlib.gzip(text, level))
            assert.equal("\31\139", packed:sub(1, 2))       -- gzip magic
            assert.is_true(#packed < #text / 4)
            assert.equal(text, zlib.gunzip(packed))
        end
        assert.equal("", zlib.gunzip(assert(zlib.gzip(""))))
    end)

    it("reads what the gzip command writes", function()
        local path = os.tmpname()
        local f = assert(io.open(path, "wb")); f:write(sample()); f:close()
        local p = io.popen("gzip -n -9 -c '" .. path .. "'")
        local packed = p:read("*a")
        p:close()
        os.remove(path)
        assert.equal(sample(), zlib.gunzip(packed))
    end)

    it("refuses a body that inflates past max_size, a truncated one and a non-gzip one", function()
        local packed = assert(zlib.gzip(sample()))
        local text, message, too_large = zlib.gunzip(packed, 1000)
        assert.is_nil(text)
        assert.is_true(too_large)
        assert.equal("decompressed response larger than max_response_size (1000 bytes)", message)
        text, message, too_large = zlib.gunzip(packed:sub(1, #packed - 20))
        assert.is_nil(text)
        assert.is_nil(too_large)
        assert.equal("gzip body ends before its end marker (truncated)", message)
        text, message = zlib.gunzip("not gzip at all")
        assert.is_nil(text)
        assert.truthy(message:find("^gzip body cannot be inflated: "), message)
    end)

    it("loads twice in one LuaJIT state, beside another library's zlib declarations", function()
        local ffi = require "ffi"
        -- A library that declares zlib's own names its own way.
        pcall(ffi.cdef, "typedef struct z_stream_s z_stream; int inflate(z_stream *s, int flush);"
            .. " int deflateEnd(z_stream *s); const char *zlibVersion(void);")
        package.loaded["dataforseo.hosts.zlib"] = nil
        local again = require "dataforseo.hosts.zlib"
        package.loaded["dataforseo.hosts.zlib"] = zlib
        assert.are_not.equal(zlib, again)
        assert.is_true(again.available)
        assert.equal(sample(), again.gunzip(assert(again.gzip(sample(), 1))))
        assert.equal(sample(), zlib.gunzip(assert(again.gzip(sample()))))
    end)
end)
