#!/bin/sh
# The install recipes of README.md and docs/openresty.md, run verbatim on a
# clean clone of HEAD (commit first), each with a call to the emulator:
# spec/install_spec.lua (LuaRocks 5.4 and 5.1 with --tree, system-wide,
# make install with a prefix, DESTDIR and LUA=luajit, the first query, the
# Neovim plugin, the emulator's rock) and spec/hosts/openresty_recipe_spec.lua.
# `make test` runs them too; this runs only them.  Prints "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
BUSTED_ARGS="spec/install_spec.lua spec/hosts/openresty_recipe_spec.lua" exec sh spec/run.sh lua5.4 luajit
