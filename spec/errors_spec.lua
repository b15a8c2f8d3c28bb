-- Error objects: kinds, tostring, suggestions; whether each is retried
-- (retry.lua decides: the call engine sets err.retryable from it).
local errors = require "dataforseo.errors"
local retryable = require("dataforseo.engine.retry").retryable

describe("dataforseo.errors", function()
    it("treats 20000..29999 as success and nothing else", function()
        assert.is_true(errors.is_success(20000))
        assert.is_true(errors.is_success(20100))
        assert.is_true(errors.is_success(29999))
        assert.is_false(errors.is_success(30000))
        assert.is_false(errors.is_success(19999))
        assert.is_false(errors.is_success(40501))
        assert.is_false(errors.is_success("20000"))
        assert.is_false(errors.is_success(nil))
    end)

    it("classifies API codes as transient or permanent", function()
        for _, code in ipairs{ 40101, 40103, 40202, 50000, 50001, 50301, 50303, 50304, 50401 } do
            assert.is_true(retryable(errors.api(code, "x")), tostring(code))
        end
        for _, code in ipairs{ 40000, 40006, 40100, 40102, 40200, 40201, 40203, 40204, 40207,
                               40400, 40402, 40501, 40502, 40503, 40506, 50100 } do
            assert.is_false(retryable(errors.api(code, "x")), tostring(code))
        end
    end)

    it("builds API errors with the task id and a readable tostring", function()
        local e = errors.api(40501, "Invalid Field: 'target'.", 200, "07281559-0695-0216-0000-c269be8b7592")
        assert.is_true(errors.is_error(e))
        assert.equal("api", e.kind)
        assert.equal(40501, e.code)
        assert.equal(200, e.http_status)
        assert.equal("dataforseo: API error 40501: Invalid Field: 'target'. "
            .. "(task 07281559-0695-0216-0000-c269be8b7592)", tostring(e))
    end)

    it("builds HTTP errors from the body's status when there is one", function()
        local e = errors.http(401, "Unauthorized", { status_code = 40100,
            status_message = "You are not authorized to access this resource." })
        assert.equal("http", e.kind)
        assert.equal(401, e.http_status)
        assert.equal(40100, e.code)
        assert.is_false(retryable(e))
        assert.equal("dataforseo: HTTP 401 40100: You are not authorized to access this resource.",
            tostring(e))
        e = errors.http(502, "Bad Gateway")
        assert.equal(502, e.code)
        assert.is_true(retryable(e))
        assert.equal("dataforseo: HTTP 502: Bad Gateway", tostring(e))
        e = errors.http(429, "slow down", nil, { ["retry-after"] = "12" })
        assert.is_true(retryable(e))
        assert.equal(12, e.retry_after)
        -- The HTTP-date form: a past date means "now", a future one the seconds left.
        e = errors.http(503, "x", nil, { ["retry-after"] = "Wed, 21 Oct 2015 07:28:00 GMT" })
        assert.equal(0, e.retry_after)
        local future = os.date("!%a, %d %b %Y %H:%M:%S GMT", os.time() + 90)
        e = errors.http(503, "x", nil, { ["retry-after"] = future })
        assert.is_true(e.retry_after >= 88 and e.retry_after <= 90, tostring(e.retry_after))
        assert.is_nil(errors.http(503, "x", nil, { ["retry-after"] = "soon" }).retry_after)
        assert.is_false(retryable(errors.http(404, "Not Found")))
    end)

    it("builds transport errors, retryable for timeouts and broken connections only", function()
        local e = errors.transport("Operation timed out", 28, "timeout")
        assert.equal("transport", e.kind)
        assert.equal(28, e.code)
        assert.is_true(retryable(e))
        assert.equal("dataforseo: transport error (timeout, curl 28): Operation timed out", tostring(e))
        assert.is_true(retryable(errors.transport("x", 7, "connect")))
        assert.is_true(retryable(errors.transport("x", 56, "connection")))
        assert.is_false(retryable(errors.transport("x", 60, "tls")))
        assert.is_false(retryable(errors.transport("x", 23, "too_large")))
        assert.is_false(retryable(errors.transport("x", 6, "resolve")))
    end)

    it("wraps a validation problem, naming the field", function()
        local e = errors.validation{ field = "limit", value = 0, reason = "range",
            message = "limit must be an integer from 1 to 1000 (got 0)" }
        assert.equal("validation", e.kind)
        assert.equal("limit", e.field)
        assert.equal(0, e.value)
        assert.equal(40501, e.code)
        assert.is_false(e.retryable)
        assert.equal("dataforseo: invalid request: limit must be an integer from 1 to 1000 (got 0)",
            tostring(e))
        assert.equal(40506, errors.validation{ field = "limt", reason = "unknown_field",
            message = "x" }.code)
    end)

    it("suggests the closest name for a typo, and nothing for a stranger", function()
        local names = { "timeout", "connect_timeout", "retries", "base_url", "sandbox" }
        assert.equal("timeout", errors.suggest("timout", names))
        assert.equal("retries", errors.suggest("retry", names))
        assert.equal("base_url", errors.suggest("baseurl", names))
        assert.equal("sandbox", errors.suggest("SANDBOX", names))
        assert.is_nil(errors.suggest("colour", names))
        local text = require "dataforseo.query.text"
        assert.equal(3, text.distance("kitten", "sitting"))
        assert.equal(0, text.distance("", ""))
    end)
end)
