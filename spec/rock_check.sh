#!/bin/sh
# Proves the rockspecs: `luarocks make` builds and installs offline into a
# local tree, the installed client loads from outside the checkout and
# brings no emulator file, and the emulator's own rock installs its
# modules and the dataforseo-emulator command, which serves from there.
set -eu
cd "$(dirname "$0")/.."
tree="$(pwd)/build/rocktree"
rm -rf "$tree" build/rock
# lua-cjson comes from Debian, which LuaRocks does not know about; Debian
# keeps curl.h and libcurl under the multiarch directories.
arch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
luarocks --lua-version=5.4 --tree="$tree" make --deps-mode=none \
    rockspec/dataforseo-scm-1.rockspec \
    CURL_INCDIR="/usr/include/$arch" CURL_LIBDIR="/usr/lib/$arch" >build/rock-make.log 2>&1 || {
    cat build/rock-make.log; echo "rock check: luarocks make failed"; exit 1; }
lpath=$(luarocks --lua-version=5.4 --tree="$tree" path --lr-path)
cpath=$(luarocks --lua-version=5.4 --tree="$tree" path --lr-cpath)
cd /tmp
LUA_PATH="$lpath;;" LUA_CPATH="$cpath;;" lua5.4 -e '
  local json = require "dataforseo.json"
  assert(package.searchpath("dataforseo.core", package.cpath):find("rocktree", 1, true),
         "core.so did not come from the rock tree")
  local v = assert(json.decode([[{"total_count": 83736}]]))
  assert(math.type(v.total_count) == "integer")
  local dataforseo = require "dataforseo"
  assert(type(dataforseo._VERSION) == "string")
  print("rock check: installed dataforseo " .. dataforseo._VERSION .. " loads from " ..
        package.searchpath("dataforseo.core", package.cpath))'

# The client installs no emulator file.
if find "$tree" \( -name 'dataforseo_emulator*' -o -name 'dataforseo-emulator' -o -path '*dataforseo/mock*' \) | grep -q .; then
    find "$tree" -name '*emulator*'; echo "rock check: the client rock installed emulator files"; exit 1
fi
cd - >/dev/null
# Every module of the emulator's tree is in its rockspec.
for f in emulator/lua/dataforseo_emulator/*.lua; do
    grep -q "\"$f\"" rockspec/dataforseo-emulator-scm-1.rockspec || {
        echo "rock check: $f is missing from rockspec/dataforseo-emulator-scm-1.rockspec"; exit 1; }
done
luarocks --lua-version=5.4 --tree="$tree" make --deps-mode=none \
    rockspec/dataforseo-emulator-scm-1.rockspec >build/rock-emulator-make.log 2>&1 || {
    cat build/rock-emulator-make.log; echo "rock check: luarocks make (emulator) failed"; exit 1; }
cd /tmp
LUA_PATH="$lpath;;" LUA_CPATH="$cpath;;" lua5.4 -e '
  local path = package.searchpath("dataforseo_emulator", package.path)
  assert(path and path:find("rocktree", 1, true), "dataforseo_emulator did not come from the rock tree")
  local srv = assert(require("dataforseo_emulator").start{ port = 0 })
  local res = assert(srv:post_anchors({ { target = "cyrillic-example.com", limit = 1,
    filters = { "anchor", "regex", "\\p{Cyrillic}" } } }))
  srv:stop()
  assert(res.status == 200 and res.body:find("\"status_code\":20000", 1, true), res.body)
  print("rock check: installed dataforseo-emulator serves from " .. path)'
LUA_PATH="$lpath;;" LUA_CPATH="$cpath;;" "$tree/bin/dataforseo-emulator" --help | head -1
