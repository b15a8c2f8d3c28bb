rockspec_format = "3.0"
package = "dataforseo"
version = "scm-1"
source = {
   url = "git+https://example.invalid/lua-dataforseo.git",
}
description = {
   summary = "Fast, safe access to DataForSEO's Backlinks API",
   detailed = [[
A Lua module with a C core (libcurl, a strict JSON decoder faster than
lua-cjson) for DataForSEO's Backlinks API: validated queries, concurrent
walks and an account-wide cost governor.  The library only: the command
is the dataforseo-cli rock, the local emulator the dataforseo-emulator
rock.  Needs libcurl with its headers (Debian: libcurl4-openssl-dev) and
pkg-config to build.  Inside nginx without the C core it decodes with the
lua-cjson that OpenResty ships; elsewhere it needs no lua-cjson.]],
   license = "MIT",
}
-- No lua-cjson: the C core decodes; lua-cjson serves only inside nginx
-- without the C core, where OpenResty ships it.
dependencies = {
   "lua >= 5.1, < 5.5",
}
-- libcurl (Debian: libcurl4-openssl-dev) is found by the Makefile through
-- pkg-config or curl-config: LuaRocks' own header search misses Debian's
-- multiarch /usr/include/x86_64-linux-gnu.  A libcurl elsewhere: point
-- PKG_CONFIG_PATH at its libcurl.pc.  The response store links SQLite and
-- zlib the same way (Debian: libsqlite3-dev, zlib1g-dev; pkg-config sqlite3 zlib).
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
      LUA = "$(LUA)",
   },
   install_target = "install-lib",
}
