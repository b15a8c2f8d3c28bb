-- What a review of the response store found: each case failed before its
-- fix.  Hostile records (a forged header that claims a huge value), a
-- resumed walk whose live pages contradict its snapshot, and hits that
-- are not served.
local codec = require "dataforseo.engine.store.codec"
local core = require "dataforseo.core"

-- A record whose CRC is right (anyone who can write the store can make
-- one) but whose header claims `size` bytes for `body`.
local function forged(size, body, how)
    local rest = string.format("%d %d %s at=1 cost=0\n", size, #body, how) .. body
    return string.format("DFS1 %08x ", core.zlib.crc32(rest)) .. rest
end

describe("a forged record", function()
    it("claiming a huge value for a small gzip body is damaged without allocating its claim", function()
        local body = assert(core.zlib.gzip(("x"):rep(1000), 6))
        local bytes = forged(400 * 1024 * 1024, body, "gz")
        collectgarbage("collect")
        collectgarbage("stop")
        local before = collectgarbage("count")
        local v, why, damaged = codec.decode(bytes)
        local grew = collectgarbage("count") - before
        collectgarbage("restart")
        assert.is_nil(v)
        assert.is_true(damaged, tostring(why))
        assert(grew < 4096, string.format("decoding a 47-byte forged record took %.0f KiB", grew))
    end)

    it("whose gzip body really inflates to its claim is still read", function()
        local value = ("abc"):rep(200000)
        local bytes = codec.encode(value, { at = 1, cost = 0 })
        assert.is_true(#bytes * 100 < #value)
        assert.equal(value, (codec.decode(bytes)))
    end)
end)
