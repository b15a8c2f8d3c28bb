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
external_dependencies = {
   CURL = { header = "curl/curl.h", library = "curl" },
}
build = {
   type = "make",
   build_variables = {
      CFLAGS = "$(CFLAGS)",
      LIBFLAG = "$(LIBFLAG)",
      LUA_INCDIR = "$(LUA_INCDIR)",
      BUILD = "build/rock",
   },
   install_variables = {
      BUILD = "build/rock",
      INST_LIBDIR = "$(LIBDIR)",
      INST_LUADIR = "$(LUADIR)",
      INST_BINDIR = "$(BINDIR)",
   },
}
