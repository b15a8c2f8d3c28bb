#!/bin/sh
# Runs the specs that drive the C core (decoder, HTTP session, multi
# handle, client, walks) under valgrind memcheck with the Lua 5.4 build:
# zero memory errors and zero definite leaks, or it fails.  Child
# processes such as the emulator's nginx are not traced; the pure-Lua
# specs add nothing here and only cost time.  MEMCHECK_SPECS overrides.
# Tests tagged #heavy (hundreds of MB of Lua values) are left out.
set -u
cd "$(dirname "$0")/.."
make -s LUA=lua5.4 all || exit 1
logs=build/valgrind
rm -rf "$logs" && mkdir -p "$logs"
specs=${MEMCHECK_SPECS:-$(ls spec/json_spec.lua spec/http_spec.lua spec/client_spec.lua \
    spec/window_spec.lua spec/walk_spec.lua spec/luv_spec.lua spec/decode_limit_spec.lua \
    spec/request_safety_spec.lua spec/core_signals_spec.lua spec/store_binding_spec.lua \
    spec/store_sqlite_spec.lua 2>/dev/null)}
BUSTED_ARGS="--exclude-tags=heavy $specs" WRAP="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
      --show-leak-kinds=definite --track-origins=yes --log-file=$logs/vg.%p.log" \
    sh spec/run.sh lua5.4
status=$?
# --quiet: valgrind writes a log line only when it has something to report.
bad=$(find "$logs" -name 'vg.*.log' -size +0c)
if [ -n "$bad" ]; then
    for f in $bad; do echo "== $f"; cat "$f"; done
    echo "memcheck: valgrind found errors"
    exit 1
fi
[ "$status" -eq 0 ] || { echo "memcheck: specs failed under valgrind"; exit 1; }
echo "memcheck: specs clean under valgrind (no errors, no definite leaks)"
