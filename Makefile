# lua-dataforseo build.  `make` builds the C core for Lua 5.4;
# `make LUA=luajit` (or lua5.1, lua5.3) for another interpreter.
# LuaRocks passes LUA_INCDIR, LIBFLAG, INST_LIBDIR, INST_LUADIR, INST_BINDIR
# and BIN_PATHS=caller.  libcurl is found through pkg-config, else
# curl-config; CURL_INCDIR / CURL_LIBDIR override both.

LUA ?= lua5.4
ifeq ($(LUA),luajit)
  LUA_INCDIR ?= /usr/include/luajit-2.1
else
  LUA_INCDIR ?= /usr/include/$(LUA)
endif

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    = -std=c99 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ifneq ($(WERROR),)
  WARN += -Werror
endif
ifneq ($(CI),)
  WARN += -Werror
endif
# Debian keeps curl.h under /usr/include/<multiarch>: pkg-config knows.
ifneq ($(CURL_INCDIR),)
  CURL_CFLAGS = -I$(CURL_INCDIR)
else
  CURL_CFLAGS := $(shell pkg-config --cflags libcurl 2>/dev/null || curl-config --cflags 2>/dev/null)
endif
ifneq ($(CURL_LIBDIR),)
  CURL_LIBS = -L$(CURL_LIBDIR) -lcurl
else
  CURL_LIBS := $(shell pkg-config --libs libcurl 2>/dev/null || curl-config --libs 2>/dev/null || echo -lcurl)
endif
# SQLite (the response store) and zlib (its compression; libcurl links it
# already): Debian libsqlite3-dev and zlib1g-dev, found through pkg-config.
STORE_CFLAGS := $(shell pkg-config --cflags sqlite3 zlib 2>/dev/null)
STORE_LIBS := $(shell pkg-config --libs sqlite3 zlib 2>/dev/null || echo -lsqlite3 -lz)
DFS_CFLAGS = $(CFLAGS) $(WARN) -fPIC -fvisibility=hidden -D_POSIX_C_SOURCE=200809L \
             -I$(LUA_INCDIR) $(CURL_CFLAGS) $(STORE_CFLAGS)
LIBFLAG ?= -shared
LIBS    = $(CURL_LIBS) $(STORE_LIBS)

BUILD   ?= build/$(LUA)
CORE    = $(BUILD)/dataforseo/core.so
SRCS    = $(wildcard src/*.c)
OBJS    = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
HDRS    = $(wildcard src/*.h)

# make install [DESTDIR=stage] [INST_PREFIX=/usr/local] [LUA=luajit]: the
# Lua version directories follow the interpreter (LuaJIT: 5.1).
INST_PREFIX ?= /usr/local
LUA_VERSION = $(shell $(LUA) -e 'io.write((_VERSION:match("%d+%.%d+")))')
INST_LIBDIR ?= $(INST_PREFIX)/lib/lua/$(LUA_VERSION)
INST_LUADIR ?= $(INST_PREFIX)/share/lua/$(LUA_VERSION)
INST_BINDIR ?= $(INST_PREFIX)/bin
# How the installed command finds the module: `installed` writes
# INST_LUADIR / INST_LIBDIR into it; `caller` leaves package.path alone
# (LuaRocks wraps its commands with the tree's paths and interpreter).
BIN_PATHS ?= installed
# The command's shell completions (cli/completions/) go where bash-completion,
# zsh and fish look under the prefix.
INST_DATADIR ?= $(INST_PREFIX)/share

.PHONY: FORCE all deps test test-one demo install install-lib install-cli install-emulator completions clean fuzz check-memory bench bench-json bench-e2e bench-mock bench-pagination bench-governor rock-check

all: $(CORE)

FORCE:

# The objects follow the compile command too: one BUILD directory may see
# another Lua's headers (luarocks make for 5.4, then --lua-version=5.1).
COMPILE_STAMP = $(BUILD)/obj/compile-command
$(COMPILE_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(CC) $(DFS_CFLAGS)' | cmp -s - $@ || echo '$(CC) $(DFS_CFLAGS)' >$@

$(BUILD)/obj/%.o: src/%.c $(HDRS) $(COMPILE_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(DFS_CFLAGS) -c $< -o $@

$(CORE): $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) $(CFLAGS) -o $@ $(OBJS) $(LIBS)

# .ci/deps.sh holds the package list: the demo's group, and all.
deps:
	@sh .ci/deps.sh install all

# Runs the busted suite under Lua 5.4 and LuaJIT; prints "N passed, N failed".
test:
	@sh .ci/deps.sh check all || sh .ci/deps.sh install all
	@$(MAKE) --no-print-directory LUA=lua5.4 all
	@$(MAKE) --no-print-directory LUA=luajit all
	@sh spec/run.sh lua5.4 luajit

# One interpreter only: make test-one LUA=luajit
test-one: all
	@sh spec/run.sh $(LUA)

demo:
	@sh .ci/deps.sh check demo || sh .ci/deps.sh install demo
	@$(MAKE) --no-print-directory LUA=lua5.4 all
	@sh bin/demo

# cli/bin/dataforseo as installed: its checkout lines give way to the
# directories above (or to the caller's paths), the interpreter is pinned.
BIN_DIRS_installed = "$(INST_LUADIR)", "$(INST_LIBDIR)"
BIN_DIRS_caller = false, false

# make install = install-lib (the C core and the library modules: the
# dataforseo rock) + install-cli (the command: the dataforseo-cli rock).
# The emulator is its own product (install-emulator, or its rockspec).
install: install-lib install-cli

install-lib: $(CORE)
	@case '$(INST_LUADIR)$(INST_LIBDIR)$(LUA)' in *[\|\&\"\\]*) \
	    echo 'make install: INST_LUADIR, INST_LIBDIR and LUA must not contain | & " \' >&2; exit 1;; esac
	@case '$(INST_LUADIR) $(INST_LIBDIR)' in */lua/\ *|*/lua/) \
	    echo "make install: cannot tell the Lua version of '$(LUA)' (is it installed?); set INST_LUADIR and INST_LIBDIR" >&2; exit 1;; esac
	mkdir -p "$(DESTDIR)$(INST_LIBDIR)/dataforseo" "$(DESTDIR)$(INST_LUADIR)/dataforseo"
	cp $(CORE) "$(DESTDIR)$(INST_LIBDIR)/dataforseo/core.so"
	cd lua && find dataforseo -type d -exec mkdir -p "$(DESTDIR)$(INST_LUADIR)/{}" \;
	cd lua && find dataforseo -type f -name '*.lua' -exec cp {} "$(DESTDIR)$(INST_LUADIR)/{}" \;

install-cli:
	@case '$(INST_LUADIR)$(INST_LIBDIR)$(LUA)' in *[\|\&\"\\]*) \
	    echo 'make install: INST_LUADIR, INST_LIBDIR and LUA must not contain | & " \' >&2; exit 1;; esac
	mkdir -p "$(DESTDIR)$(INST_LUADIR)/dataforseo_cli" "$(DESTDIR)$(INST_BINDIR)"
	cd cli/lua && find dataforseo_cli -type d -exec mkdir -p "$(DESTDIR)$(INST_LUADIR)/{}" \;
	cd cli/lua && find dataforseo_cli -type f -name '*.lua' -exec cp {} "$(DESTDIR)$(INST_LUADIR)/{}" \;
	sed -e 's|^local LUADIR, LIBDIR = nil, nil$$|local LUADIR, LIBDIR = $(BIN_DIRS_$(BIN_PATHS))|' \
	    -e 's|^for lua in .*; do$$|for lua in $(LUA); do|' cli/bin/dataforseo >"$(DESTDIR)$(INST_BINDIR)/dataforseo"
	chmod 755 "$(DESTDIR)$(INST_BINDIR)/dataforseo"
	mkdir -p "$(DESTDIR)$(INST_DATADIR)/bash-completion/completions" "$(DESTDIR)$(INST_DATADIR)/zsh/site-functions" \
	    "$(DESTDIR)$(INST_DATADIR)/fish/vendor_completions.d"
	cp cli/completions/dataforseo.bash "$(DESTDIR)$(INST_DATADIR)/bash-completion/completions/dataforseo"
	cp cli/completions/_dataforseo "$(DESTDIR)$(INST_DATADIR)/zsh/site-functions/_dataforseo"
	cp cli/completions/dataforseo.fish "$(DESTDIR)$(INST_DATADIR)/fish/vendor_completions.d/dataforseo.fish"
	@grep -q '^local LUADIR, LIBDIR = [f"]' "$(DESTDIR)$(INST_BINDIR)/dataforseo" || \
	    { echo "make install: BIN_PATHS must be installed or caller" >&2; exit 1; }

# cli/completions/ made again from the command's declarations (after an
# endpoint or an option changes; spec/cli_completion_spec.lua says when).
completions: $(CORE)
	DATAFORSEO_LUA=$(LUA) cli/bin/dataforseo completion bash >cli/completions/dataforseo.bash
	DATAFORSEO_LUA=$(LUA) cli/bin/dataforseo completion zsh >cli/completions/_dataforseo
	DATAFORSEO_LUA=$(LUA) cli/bin/dataforseo completion fish >cli/completions/dataforseo.fish

# The emulator: its Lua modules and the dataforseo-emulator command (pure
# Lua; needs nginx with the Lua module at run time).
install-emulator:
	mkdir -p "$(DESTDIR)$(INST_LUADIR)/dataforseo_emulator" "$(DESTDIR)$(INST_BINDIR)"
	cp emulator/lua/dataforseo_emulator/*.lua "$(DESTDIR)$(INST_LUADIR)/dataforseo_emulator/"
	cp emulator/bin/dataforseo-emulator "$(DESTDIR)$(INST_BINDIR)/dataforseo-emulator"

clean:
	rm -rf build

FUZZ_SECONDS ?= 60
fuzz:
	@sh spec/fuzz/run.sh $(FUZZ_SECONDS)

check-memory:
	@sh spec/memcheck.sh

bench-json: all
	$(LUA) bench/json.lua

bench-e2e: all
	$(LUA) bench/e2e.lua

bench-mock:
	$(LUA) bench/mock.lua

bench-pagination: all
	$(LUA) bench/pagination.lua

# The governor's cost per call for each store (needs redis-server and, for
# the shared dict, the LuaJIT build used by nginx).
bench-governor: all
	@$(MAKE) --no-print-directory LUA=luajit all
	$(LUA) bench/governor.lua

bench: bench-json bench-e2e bench-mock bench-pagination bench-governor

rock-check:
	@sh spec/rock_check.sh
