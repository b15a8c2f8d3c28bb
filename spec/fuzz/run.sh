#!/bin/sh
# Builds the libFuzzer target for the JSON decoder (clang, ASan + UBSan)
# and runs it for the given number of seconds (default 60) on the seed
# corpus in spec/fuzz/corpus.  New inputs go to build/fuzz/corpus.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
clang -g -O1 -std=c99 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I/usr/include/lua5.4 spec/fuzz/json_fuzz.c src/json.c -llua5.4 -lm -o "$out/json_fuzz"
"$out/json_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict=spec/fuzz/json.dict -artifact_prefix="$out/crashes/" \
    -print_final_stats=1 "$out/corpus" spec/fuzz/corpus >"$out/fuzz.log" 2>&1 || {
    tail -40 "$out/fuzz.log"; echo "fuzz: FAILED (crash input in $out/crashes/)"; exit 1; }
grep -E '^(Done|stat::(number_of_executed_units|new_units_added|peak_rss_mb))' "$out/fuzz.log"
echo "fuzz: ran ${seconds}s without a crash"
