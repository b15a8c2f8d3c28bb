#!/bin/sh
# The Debian packages lua-dataforseo needs, in one place.
#   deps.sh check    exit 0 when everything is installed
#   deps.sh install  install what is missing (as root, or through sudo), else
#                    print the apt-get line
set -u
PACKAGES="lua5.4 liblua5.4-dev luajit2 libluajit2-5.1-dev lua5.1 liblua5.1-0-dev lua5.3 liblua5.3-dev
libcurl4-openssl-dev libsqlite3-dev zlib1g-dev pkg-config gcc make procps tmux neovim lua-luv
lua-cjson lua-busted nginx-light libnginx-mod-http-lua openssl curl luarocks
valgrind clang libclang-rt-14-dev lua-dkjson lua-socket lua-sec lua-check chromium
python3 nodejs node-axios redis-server"

missing() {
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
    done
}

case "${1:-check}" in
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
    echo "usage: deps.sh check|install" >&2; exit 2 ;;
esac
