#!/bin/sh
# Runs the busted suite once per interpreter named on the command line
# (lua5.4, luajit, lua5.3, lua5.1) against build/<interpreter>/, then
# prints the totals as "N passed, N failed, N skipped" (the line CI reads).
# Extra busted arguments may come from $BUSTED_ARGS (e.g. a spec file);
# $WRAP prefixes the interpreter (e.g. valgrind, see spec/memcheck.sh).
set -u
cd "$(dirname "$0")/.." || exit 2
log_dir=build/test-logs
mkdir -p "$log_dir"
total_pass=0
total_fail=0
total_skip=0
for interp in "$@"; do
    log="$log_dir/$interp.log"
    echo "== busted under $interp"
    # shellcheck disable=SC2086
    ${WRAP:-} "$interp" /usr/bin/busted -o plainTerminal \
        --lpath="lua/?.lua;lua/?/init.lua;cli/lua/?.lua;cli/lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua" \
        --cpath="build/$interp/?.so" \
        ${BUSTED_ARGS:-spec} 2>&1 | tee "$log"
    summary=$(grep -E '^[0-9]+ success(es)? / [0-9]+ failures? / [0-9]+ errors?' "$log" | tail -1)
    if [ -z "$summary" ]; then
        echo "busted under $interp did not finish (no summary line)"
        total_fail=$((total_fail + 1))
        continue
    fi
    pass=$(echo "$summary" | sed -E 's#^([0-9]+) succ.*#\1#')
    fails=$(echo "$summary" | sed -E 's#.* / ([0-9]+) failures? / ([0-9]+) errors?.*#\1 \2#')
    f=$(( ${fails% *} + ${fails#* } ))
    skip=$(echo "$summary" | sed -E 's#.* / ([0-9]+) pending.*#\1#')
    echo "$interp: $pass passed, $f failed, $skip skipped"
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + skip))
done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
