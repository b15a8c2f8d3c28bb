#!/bin/sh
# Proves the rockspec: `luarocks make` builds and installs offline into a
# local tree, and the installed module loads from outside the checkout.
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
