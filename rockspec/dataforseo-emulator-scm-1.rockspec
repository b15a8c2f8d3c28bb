rockspec_format = "3.0"
package = "dataforseo-emulator"
version = "scm-1"
source = {
   url = "git+https://example.invalid/lua-dataforseo.git",
}
description = {
   summary = "A local emulator of DataForSEO's Backlinks API, for tests",
   detailed = [[
dataforseo-emulator serves the 24 endpoints of DataForSEO's Backlinks
API (POST /v3/backlinks/<function>/live, the bulk ones, intersections,
history and time series; GET index and available_filters; POST errors
and id_list), each also as ".ai", and GET /v3/appendix/user_data, from
nginx with its Lua module, on 127.0.0.1, from deterministic synthetic data: the
real envelope, validation, filters and error codes, an account with
balance and limits, and faults on demand.  It shares no code with the
dataforseo client.  Needs nginx with the Lua module (Debian: nginx-light
libnginx-mod-http-lua) and openssl for TLS.]],
   license = "MIT",
}
dependencies = {
   "lua >= 5.1, < 5.5",
   "lua-cjson",
   "luasocket",
}
-- build.type "none": the builtin backend would also install every module it
-- finds under lua/ (the client's), which the emulator must not bring.
build = {
   type = "none",
   install = {
      bin = { ["dataforseo-emulator"] = "emulator/bin/dataforseo-emulator" },
      lua = {
      ["dataforseo_emulator.account"] = "emulator/lua/dataforseo_emulator/account.lua",
      ["dataforseo_emulator.aggregate"] = "emulator/lua/dataforseo_emulator/aggregate.lua",
      ["dataforseo_emulator.ai"] = "emulator/lua/dataforseo_emulator/ai.lua",
      ["dataforseo_emulator.answers"] = "emulator/lua/dataforseo_emulator/answers.lua",
      ["dataforseo_emulator.books"] = "emulator/lua/dataforseo_emulator/books.lua",
      ["dataforseo_emulator.calendar"] = "emulator/lua/dataforseo_emulator/calendar.lua",
      ["dataforseo_emulator.cli"] = "emulator/lua/dataforseo_emulator/cli.lua",
      ["dataforseo_emulator.deliver"] = "emulator/lua/dataforseo_emulator/deliver.lua",
      ["dataforseo_emulator.endpoints"] = "emulator/lua/dataforseo_emulator/endpoints.lua",
      ["dataforseo_emulator.envelope"] = "emulator/lua/dataforseo_emulator/envelope.lua",
      ["dataforseo_emulator.filter"] = "emulator/lua/dataforseo_emulator/filter.lua",
      ["dataforseo_emulator.graph"] = "emulator/lua/dataforseo_emulator/graph.lua",
      ["dataforseo_emulator.init"] = "emulator/lua/dataforseo_emulator/init.lua",
      ["dataforseo_emulator.intersect"] = "emulator/lua/dataforseo_emulator/intersect.lua",
      ["dataforseo_emulator.items"] = "emulator/lua/dataforseo_emulator/items.lua",
      ["dataforseo_emulator.json"] = "emulator/lua/dataforseo_emulator/json.lua",
      ["dataforseo_emulator.nfa"] = "emulator/lua/dataforseo_emulator/nfa.lua",
      ["dataforseo_emulator.nginx"] = "emulator/lua/dataforseo_emulator/nginx.lua",
      ["dataforseo_emulator.nginx_conf"] = "emulator/lua/dataforseo_emulator/nginx_conf.lua",
      ["dataforseo_emulator.owner"] = "emulator/lua/dataforseo_emulator/owner.lua",
      ["dataforseo_emulator.query"] = "emulator/lua/dataforseo_emulator/query.lua",
      ["dataforseo_emulator.re2"] = "emulator/lua/dataforseo_emulator/re2.lua",
      ["dataforseo_emulator.remote"] = "emulator/lua/dataforseo_emulator/remote.lua",
      ["dataforseo_emulator.request"] = "emulator/lua/dataforseo_emulator/request.lua",
      ["dataforseo_emulator.server"] = "emulator/lua/dataforseo_emulator/server.lua",
      ["dataforseo_emulator.state"] = "emulator/lua/dataforseo_emulator/state.lua",
      ["dataforseo_emulator.stats"] = "emulator/lua/dataforseo_emulator/stats.lua",
      ["dataforseo_emulator.targets"] = "emulator/lua/dataforseo_emulator/targets.lua",
      ["dataforseo_emulator.timeline"] = "emulator/lua/dataforseo_emulator/timeline.lua",
      ["dataforseo_emulator.tls"] = "emulator/lua/dataforseo_emulator/tls.lua",
      ["dataforseo_emulator.token"] = "emulator/lua/dataforseo_emulator/token.lua",
      ["dataforseo_emulator.unicode"] = "emulator/lua/dataforseo_emulator/unicode.lua",
      ["dataforseo_emulator.unicode_data"] = "emulator/lua/dataforseo_emulator/unicode_data.lua",
      ["dataforseo_emulator.utf8"] = "emulator/lua/dataforseo_emulator/utf8.lua",
      },
   },
}
