#!/bin/sh
# Proves the installs a user makes, each into its own temporary tree, each
# checked from /tmp with nothing of the checkout on the Lua paths:
#   rock-5.4   luarocks make (Lua 5.4)
#   rock-5.1   luarocks make --lua-version=5.1 (the command runs on lua5.1;
#              the module is also loaded by LuaJIT, as Neovim would)
#   destdir    make install DESTDIR=stage INST_BINDIR=..., then the staged
#              tree copied to its prefix (as a package manager unpacks it)
#   luajit     make install LUA=luajit (share/lua/5.1, LuaJIT pinned)
# For each: `dataforseo --version` from the installed bin directory, then
# one query against the emulator through the installed command and one
# through the installed module; both must equal the checkout's answer.
# No CURL_INCDIR: the Makefile finds libcurl through pkg-config.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dataforseo-rock.XXXXXX")
log="$root/build/rock-check.log"
mkdir -p "$root/build"
: >"$log"
emulator_pid=

fail() {
    echo "rock check: $*" >&2
    tail -40 "$log" >&2
    exit 1
}

# --- The emulator: its own command from this checkout, as bin/demo starts it.
emulator_start() {
    env -u LUA_PATH -u LUA_CPATH "$root/emulator/bin/dataforseo-emulator" --port 0 \
        >"$work/emulator.out" 2>"$work/emulator.log" &
    emulator_pid=$!
}
emulator_url() {
    sed -n 's/^DataForSEO emulator listening on //p' "$work/emulator.out"
}
# ----------------------------------------------------------------------------

stop() {
    # SIGINT ends the emulator's command, which stops its nginx first.
    if [ -n "$emulator_pid" ]; then
        kill -INT "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

emulator_start
i=0
while [ -z "$(emulator_url)" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$emulator_pid" 2>/dev/null; then
        cat "$work/emulator.log" >&2
        fail "the emulator did not start"
    fi
    sleep 0.1
done
url=$(emulator_url)
export DATAFORSEO_LOGIN=demo DATAFORSEO_PASSWORD=demo

# The query every install must answer alike: anchor and backlinks per line.
query_args="anchors forbes.com --limit 3 --order-by backlinks,desc --fields anchor,backlinks --format jsonl"
query_lua='
local dataforseo = require "dataforseo"
local where                         -- package.searchpath, which Lua 5.1 lacks
for template in package.cpath:gmatch("[^;]+") do
    local f = io.open((template:gsub("%?", "dataforseo/core")), "rb")
    if f then f:close(); where = template; break end
end
assert(where and where:find(os.getenv("EXPECT_DIR"), 1, true) == 1,
    "dataforseo.core came from " .. tostring(where) .. ", not " .. os.getenv("EXPECT_DIR"))
local client = assert(dataforseo.new{ base_url = os.getenv("URL") })
local page = assert(client:anchors{ target = "forbes.com", limit = 3, order_by = { "backlinks,desc" } })
for _, item in ipairs(page.items) do
    io.write(string.format("%s\t%d\n", item.anchor, item.backlinks))
end'
# jsonl lines of the command -> the same "anchor<TAB>backlinks" lines.
to_tsv='
local json = require "cjson"
for line in io.lines() do
    local item = json.decode(line)
    io.write(string.format("%s\t%d\n", item.anchor, item.backlinks))
end'

# shellcheck disable=SC2086
env -u LUA_PATH -u LUA_CPATH "$root/cli/bin/dataforseo" $query_args --base-url "$url" 2>>"$log" \
    | lua5.4 -e "$to_tsv" >"$work/expected" || fail "the checkout's command failed"
[ "$(wc -l <"$work/expected")" -eq 3 ] || fail "the checkout's answer: $(cat "$work/expected")"

# check NAME BINDIR LUADIR LIBDIR INTERPRETER...: the installed command in
# BINDIR answers --version and the query; each interpreter loads the module
# from LUADIR/LIBDIR (and only there: LUA_PATH is those plus the defaults).
check() {
    name=$1 bindir=$2 luadir=$3 libdir=$4
    shift 4
    [ -x "$bindir/dataforseo" ] || fail "$name: no $bindir/dataforseo"
    version=$(cd /tmp && env -u LUA_PATH -u LUA_CPATH "$bindir/dataforseo" --version) \
        || fail "$name: dataforseo --version failed"
    echo "$name: $bindir/dataforseo --version: $version"
    # shellcheck disable=SC2086
    (cd /tmp && env -u LUA_PATH -u LUA_CPATH "$bindir/dataforseo" $query_args --base-url "$url") \
        >"$work/$name.jsonl" 2>>"$log" || fail "$name: the installed command's query failed"
    lua5.4 -e "$to_tsv" <"$work/$name.jsonl" >"$work/$name.cmd"
    cmp -s "$work/expected" "$work/$name.cmd" || fail "$name: the installed command answered
$(cat "$work/$name.cmd")
instead of
$(cat "$work/expected")"
    for lua in "$@"; do
        (cd /tmp && URL=$url EXPECT_DIR=$libdir LUA_PATH="$luadir/?.lua;$luadir/?/init.lua;;" \
            LUA_CPATH="$libdir/?.so;;" "$lua" -e "$query_lua") >"$work/$name.$lua" 2>>"$log" \
            || fail "$name: the installed module under $lua failed"
        cmp -s "$work/expected" "$work/$name.$lua" || fail "$name: the module under $lua answered
$(cat "$work/$name.$lua")"
        echo "$name: the installed module under $lua answers the query from $libdir"
    done
}

# --- luarocks make, for Lua 5.4 and 5.1 -------------------------------------
# Debian's lua-cjson is not a rock LuaRocks knows: the config says it is
# provided, as a luarocks install would have fetched it.  rocks_trees names
# the temporary tree so that LuaRocks' wrapper of cli/bin/dataforseo carries
# its paths.
rock() {
    v=$1
    shift
    tree="$work/rock-$v"
    cat >"$work/luarocks-$v.lua" <<EOF
rocks_trees = { { name = "check", root = "$tree" } }
rocks_provided = { ["lua-cjson"] = "2.1.0-1" }
EOF
    echo "== luarocks --lua-version=$v make rockspec/dataforseo-scm-1.rockspec" >>"$log"
    LUAROCKS_CONFIG="$work/luarocks-$v.lua" luarocks --lua-version="$v" --tree="$tree" \
        make rockspec/dataforseo-scm-1.rockspec >>"$log" 2>&1 || fail "luarocks make for Lua $v failed"
    # The library rock alone: the library, and nothing of the command.
    if find "$tree" \( -name 'dataforseo_cli' -o -name 'dataforseo' -path '*/bin/*' \) | grep -q .; then
        fail "the library rock for Lua $v installed the command: $(find "$tree" -name '*cli*')"
    fi
    for lua in "$@"; do
        (cd /tmp && LUA_PATH="$tree/share/lua/$v/?.lua;$tree/share/lua/$v/?/init.lua;;" \
            LUA_CPATH="$tree/lib/lua/$v/?.so;;" "$lua" -e 'assert(require("dataforseo").new)') \
            >>"$log" 2>&1 || fail "the library rock for Lua $v does not load under $lua"
    done
    echo "== luarocks --lua-version=$v make rockspec/dataforseo-cli-scm-1.rockspec" >>"$log"
    LUAROCKS_CONFIG="$work/luarocks-$v.lua" luarocks --lua-version="$v" --tree="$tree" \
        make rockspec/dataforseo-cli-scm-1.rockspec >>"$log" 2>&1 || fail "luarocks make of the command for Lua $v failed"
    check "rock-$v" "$tree/bin" "$tree/share/lua/$v" "$tree/lib/lua/$v" "$@"
}
rock 5.4 lua5.4
rock 5.1 lua5.1 luajit

# --- make install ------------------------------------------------------------
# Staged under DESTDIR, with the command in its own INST_BINDIR; nothing
# may land outside the stage, and the command names the final directories.
prefix="$work/prefix"
echo "== make install DESTDIR=$work/stage" >>"$log"
make --no-print-directory install DESTDIR="$work/stage" INST_PREFIX="$prefix" \
    INST_BINDIR="$prefix/tools" >>"$log" 2>&1 || fail "make install DESTDIR=... failed"
[ ! -e "$prefix" ] || fail "make install DESTDIR=... wrote outside the stage"
for f in tools/dataforseo share/lua/5.4/dataforseo/init.lua share/lua/5.4/dataforseo_cli/init.lua \
         lib/lua/5.4/dataforseo/core.so; do
    [ -f "$work/stage$prefix/$f" ] || fail "make install DESTDIR=... did not install $f"
done
grep -q "^local LUADIR, LIBDIR = \"$prefix/share/lua/5.4\", \"$prefix/lib/lua/5.4\"$" \
    "$work/stage$prefix/tools/dataforseo" || fail "the installed command does not name $prefix"
mkdir -p "$(dirname "$prefix")"
cp -R "$work/stage$prefix" "$prefix"
rm -rf "$work/stage"
check destdir "$prefix/tools" "$prefix/share/lua/5.4" "$prefix/lib/lua/5.4" lua5.4

jit="$work/luajit"
echo "== make install LUA=luajit" >>"$log"
make --no-print-directory install LUA=luajit INST_PREFIX="$jit" >>"$log" 2>&1 \
    || fail "make install LUA=luajit failed"
check luajit "$jit/bin" "$jit/share/lua/5.1" "$jit/lib/lua/5.1" luajit
case $(cd /tmp && env -u LUA_PATH -u LUA_CPATH "$jit/bin/dataforseo" --version) in
*LuaJIT*) ;;
*) fail "make install LUA=luajit: the command does not run on LuaJIT" ;;
esac

# --- The client installs no emulator file; the emulator's rock does ----------
for t in "$work/rock-5.4" "$work/rock-5.1" "$prefix" "$jit"; do
    if find "$t" \( -name 'dataforseo_emulator*' -o -name 'dataforseo-emulator' \
        -o -path '*dataforseo/mock*' \) | grep -q .; then
        fail "an install of the client brought emulator files: $(find "$t" -name '*emulator*')"
    fi
done
for f in emulator/lua/dataforseo_emulator/*.lua; do
    grep -q "\"$f\"" rockspec/dataforseo-emulator-scm-1.rockspec \
        || fail "$f is missing from rockspec/dataforseo-emulator-scm-1.rockspec"
done
etree="$work/rock-emulator"
cat >"$work/luarocks-emulator.lua" <<EOF
rocks_trees = { { name = "check", root = "$etree" } }
rocks_provided = { ["lua-cjson"] = "2.1.0-1", ["luasocket"] = "3.1.0-1", ["luasec"] = "1.2.0-1" }
EOF
echo "== luarocks make rockspec/dataforseo-emulator-scm-1.rockspec" >>"$log"
LUAROCKS_CONFIG="$work/luarocks-emulator.lua" luarocks --lua-version=5.4 --tree="$etree" \
    make rockspec/dataforseo-emulator-scm-1.rockspec >>"$log" 2>&1 \
    || fail "luarocks make for the emulator failed"
(cd /tmp && ETREE=$etree env -u LUA_CPATH LUA_PATH="$etree/share/lua/5.4/?.lua;$etree/share/lua/5.4/?/init.lua;;" lua5.4 -e '
  local path = package.searchpath("dataforseo_emulator", package.path)
  assert(path and path:find(os.getenv("ETREE"), 1, true), "dataforseo_emulator came from " .. tostring(path))
  assert(not package.searchpath("dataforseo", package.path), "the client is on the path")
  local srv = assert(require("dataforseo_emulator").start{ port = 0 })
  local res = assert(srv:post_anchors({ { target = "cyrillic-example.com", limit = 1,
      filters = { "anchor", "regex", "\\p{Cyrillic}" } } }))
  srv:stop()
  assert(res.status == 200 and res.body:find("\"status_code\":20000", 1, true), res.body)') \
    >>"$log" 2>&1 || fail "the installed emulator did not serve"
[ -x "$etree/bin/dataforseo-emulator" ] || fail "no $etree/bin/dataforseo-emulator"
echo "emulator rock: installed; serves without the client on the path"

echo "rock check: ok (luarocks make for 5.4 and 5.1, make install with DESTDIR and LUA=luajit, the emulator's rock)"
