-- Target names -> the synthetic site that answers for them.
--
-- Every syntactically valid target maps to a "site" (its registrable domain)
-- whose backlink graph is generated once; a subdomain or page target sees
-- the part of that graph pointing at it.  Fixed sites for tests:
--
--   big-example.com        120,000 backlinks, > 20,000 distinct anchors
--   huge-example.com       500,000 backlinks, > 100,000 distinct anchors
--                          (the pagination benchmark; its first request
--                          takes seconds while the graph is generated)
--   blog.big-example.com   subdomain target (part of big-example.com)
--   https://big-example.com/page   page-URL target
--   medium-example.com     3,000 backlinks, a few hundred anchors (one page)
--   deep-example.com       over 25,000 live backlinks (backlinks/live walks
--                          past offset 20,000 with search_after_token)
--   small-example.com      40 backlinks, fewer than 10 anchors
--   empty-example.com      no backlinks at all
--   cyrillic-example.com   400 backlinks, anchors mostly in Cyrillic script
--   forbes.com             answers the documented example request plausibly
--
-- Any other site gets 0..20,000 backlinks, the size derived from a hash of
-- its name, so the data is the same on every run and every machine.
local M = {}

local MODULUS = 2147483647

-- Deterministic string hash in 1..MODULUS-1 (no bit operators: 5.1-5.4).
function M.hash(s)
    local h = 5381
    for i = 1, #s do
        h = (h * 33 + s:byte(i)) % MODULUS
    end
    if h == 0 then h = 1 end
    return h
end

-- Fixed profiles.  `rows`: backlinks generated for the site; `anchors`:
-- size of the anchor vocabulary; `head`: extra head anchors listed first.
M.fixed = {
    ["big-example.com"] = { rows = 120000, anchors = 32000 },
    ["huge-example.com"] = { rows = 500000, anchors = 140000 },
    ["medium-example.com"] = { rows = 3000, anchors = 400 },
    ["deep-example.com"] = { rows = 32000, anchors = 5000 },
    ["small-example.com"] = {
        rows = 40, anchors = 6, domains = 12,
        head = { "small example", "", "Caf\195\169 \195\156n\195\175c\195\182d\195\169",
            "small-example.com", "click here", "\230\151\165\230\156\172\232\170\158" },
    },
    ["empty-example.com"] = { rows = 0, anchors = 0 },
    ["cyrillic-example.com"] = {
        rows = 400, anchors = 60, domains = 40,
        head = { "\208\191\209\128\208\184\208\188\208\181\209\128",
            "\208\157\208\190\208\178\208\190\209\129\209\130\208\184",
            "\208\161\208\176\208\185\209\130 \208\186\208\190\208\188\208\191\208\176\208\189\208\184\208\184",
            "\208\154\208\163\208\159\208\152\208\162\208\172 \208\161\208\149\208\153\208\167\208\144\208\161",
            "Blog \208\191\209\128\208\190 SEO",
            "\208\191\208\190\208\180\209\128\208\190\208\177\208\189\208\181\208\181",
            "\208\129\208\187\208\186\208\176 2024", "\209\145\208\182\208\184\208\186 \226\128\148 \208\181\208\182",
        },
    },
    ["forbes.com"] = {
        rows = 60000, anchors = 12000,
        head = {
            "news", "Forex news", "More news from Forbes\194\187",
            "Philanthropy - The latest news and trends in philanthropy from Forbes.com and its partner publications.",
            "Forbes", "forbes.com", "www.forbes.com", "Forbes Magazine", "business news",
            "tech news", "Forbes Billionaires", "latest news", "Forbes 400", "world news",
        },
    },
}

-- Second-level labels under which registrations happen (co.uk, com.br, ...).
local SECOND_LEVEL = { co = true, com = true, org = true, net = true, ac = true,
    gov = true, edu = true, ne = true, ["or"] = true }

-- The registrable domain of a host name: the last two labels, or three for
-- the common ccTLD second levels.
function M.site_of(host)
    local labels = {}
    for label in host:gmatch("[^%.]+") do labels[#labels + 1] = label end
    local n = #labels
    if n <= 2 then return host end
    local take = 2
    if #labels[n] == 2 and SECOND_LEVEL[labels[n - 1]] then take = 3 end
    if n <= take then return host end
    return table.concat(labels, ".", n - take + 1, n)
end

-- Parses a validated target.  Returns { kind = "domain"|"page", host =,
-- url = (page only), prefix = (a page ending with *: every page under
-- it, as exclude_targets take them), site = }.
function M.parse(target)
    local scheme, rest = target:match("^(https?)://(.*)$")
    if scheme then
        local host = rest:match("^([^/:?#]+)") or rest
        host = host:lower()
        local bare = host:gsub("^www%.", "")
        local prefix = target:sub(-1) == "*" and target:sub(1, -2) or nil
        return { kind = "page", host = host, url = target, prefix = prefix, site = M.site_of(bare) }
    end
    local host = target:lower()
    return { kind = "domain", host = host, site = M.site_of(host) }
end

-- The generation profile of a site.
function M.profile(site)
    local fixed = M.fixed[site]
    if fixed then return fixed end
    local h = M.hash(site)
    -- Sizes spread over 0..20,000 on a log scale; some sites have none.
    local u = (h % 10007) / 10007
    local rows = 0
    if u >= 0.04 then rows = math.floor(10 ^ (1 + 3.3 * u)) end
    if rows > 20000 then rows = 20000 end
    local anchors = math.max(1, math.floor(rows / 4))
    return { rows = rows, anchors = anchors }
end

return M
