#!/bin/sh
# The Debian packages lua-dataforseo needs, in one place, in two groups:
#   demo  what `make demo` needs: build the C core for Lua 5.4, run the
#         command and the local emulator (nginx with its Lua module)
#   test  the rest of what `make test` and CI use (LuaJIT and the other
#         Luas, busted, Neovim, valgrind, clang, the benchmark peers, ...)
#
#   deps.sh check [demo|all]    exit 0 when the group is installed (default all)
#   deps.sh install [demo|all]  install what is missing (as root, or through
#                               sudo), else print the apt-get line
#   deps.sh list [demo|all]     the group's packages, one per line
set -u
DEMO_PACKAGES="lua5.4 liblua5.4-dev libcurl4-openssl-dev libsqlite3-dev zlib1g-dev pkg-config gcc make
lua-cjson lua-socket lua-argparse nginx-light libnginx-mod-http-lua"
TEST_PACKAGES="luajit2 libluajit2-5.1-dev lua5.1 liblua5.1-0-dev lua5.3 liblua5.3-dev
procps tmux neovim lua-luv lua-busted openssl curl luarocks
valgrind clang libclang-rt-14-dev lua-dkjson lua-sec lua-check chromium
python3 nodejs node-axios redis-server"

case "${2:-all}" in
demo) PACKAGES=$DEMO_PACKAGES ;;
all) PACKAGES="$DEMO_PACKAGES $TEST_PACKAGES" ;;
*) echo "usage: deps.sh check|install|list [demo|all]" >&2; exit 2 ;;
esac

missing() {
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
    done
}

case "${1:-check}" in
list)
    for p in $PACKAGES; do echo "$p"; done ;;
check)
    m=$(missing)
    [ -z "$m" ] && exit 0
    echo "missing packages:" $m >&2
    exit 1 ;;
install)
    m=$(missing)
    [ -z "$m" ] && { echo "all packages installed"; exit 0; }
    as_root=""
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "run as root: apt-get update && apt-get install -y --no-install-recommends" $m >&2
            exit 1
        fi
        echo "installing with sudo:" $m >&2
        as_root="sudo"
    fi
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || exit 1
    # shellcheck disable=SC2086
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $m || exit 1 ;;
*)
    echo "usage: deps.sh check|install|list [demo|all]" >&2; exit 2 ;;
esac
