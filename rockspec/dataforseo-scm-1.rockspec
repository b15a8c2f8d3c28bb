rockspec_format = "3.0"
package = "dataforseo"
version = "scm-1"
source = {
   url = "git+https://example.invalid/lua-dataforseo.git",
}
description = {
   summary = "Fast, safe access to DataForSEO's Backlinks anchors endpoint",
   detailed = [[
A Lua module with a C core (libcurl, a strict JSON decoder faster than
lua-cjson) for POST /v3/backlinks/anchors/live: validated queries,
paginated iterators and cost guards.  The local emulator is its own rock,
dataforseo-emulator.]],
   license = "MIT",
}
dependencies = {
   "lua >= 5.1, < 5.5",
   "lua-cjson",
}
-- libcurl (Debian: libcurl4-openssl-dev) is found by the Makefile through
-- pkg-config or curl-config: LuaRocks' own header search misses Debian's
-- multiarch /usr/include/x86_64-linux-gnu.  A libcurl elsewhere: point
-- PKG_CONFIG_PATH at its libcurl.pc.
build = {
   type = "make",
   build_variables = {
      CFLAGS = "$(CFLAGS)",
      LIBFLAG = "$(LIBFLAG)",
      LUA_INCDIR = "$(LUA_INCDIR)",
      LUA = "$(LUA)",
      BUILD = "build/rock",
   },
   -- The same compile variables at install: make rebuilds what was compiled
   -- with another command.
   install_variables = {
      CFLAGS = "$(CFLAGS)",
      LIBFLAG = "$(LIBFLAG)",
      LUA_INCDIR = "$(LUA_INCDIR)",
      BUILD = "build/rock",
      INST_LIBDIR = "$(LIBDIR)",
      INST_LUADIR = "$(LUADIR)",
      INST_BINDIR = "$(BINDIR)",
      LUA = "$(LUA)",
      -- LuaRocks wraps bin/dataforseo with the tree's paths and interpreter.
      BIN_PATHS = "caller",
   },
}
