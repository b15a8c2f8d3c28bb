rockspec_format = "3.0"
package = "dataforseo-cli"
version = "scm-1"
source = {
   url = "git+https://example.invalid/lua-dataforseo.git",
}
description = {
   summary = "The dataforseo command: DataForSEO's Backlinks API from the shell",
   detailed = [[
The `dataforseo` command over the dataforseo library: queries of every
Backlinks endpoint, walks with progress and cost guards, CSV, JSON lines
and tables, the HTML report and the spend ledger.  `dataforseo mock` runs
the local emulator when the dataforseo-emulator rock is installed too.]],
   license = "MIT",
}
dependencies = {
   "lua >= 5.1, < 5.5",
   "dataforseo",
}
-- Pure Lua: the Makefile's install-cli copies cli/lua/dataforseo_cli and
-- the command; LuaRocks wraps the command with the tree's paths.
build = {
   type = "make",
   build_pass = false,
   -- Nothing is compiled; named only so that LuaRocks does not warn.
   build_variables = { CFLAGS = "$(CFLAGS)" },
   install_target = "install-cli",
   install_variables = {
      INST_LUADIR = "$(LUADIR)",
      INST_LIBDIR = "$(LIBDIR)",
      INST_BINDIR = "$(BINDIR)",
      INST_DATADIR = "$(PREFIX)/share",   -- the completions, in the rock's own tree
      LUA = "$(LUA)",
      BIN_PATHS = "caller",
   },
}
