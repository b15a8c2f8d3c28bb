-- luacheck (Debian lua-check): `luacheck .` from the repository root.
std = "max"
-- The hosts provide these: Neovim (vim), OpenResty (ngx), busted (specs).
read_globals = { "vim", ngx = { read_only = false, other_fields = true } }
files["spec/**/*.lua"] = { std = "+busted" }
-- cli/bin/dataforseo opens with `_=[[ sh part ]]`.
files["cli/bin/dataforseo"] = { globals = { "_" } }
files["spec/hosts/neovim_probe.lua"] = { read_globals = { "vim" } }
max_line_length = 120
exclude_files = { "build/**", ".git/**" }
