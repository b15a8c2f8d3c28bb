# lua-dataforseo build.  `make` builds the C core for Lua 5.4;
# `make LUA=luajit` (or lua5.1, lua5.3) for another interpreter.
# LuaRocks passes LUA_INCDIR, LIBFLAG, INST_LIBDIR, INST_LUADIR, INST_BINDIR.

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
DFS_CFLAGS = $(CFLAGS) $(WARN) -fPIC -fvisibility=hidden -D_POSIX_C_SOURCE=200809L \
             -I$(LUA_INCDIR) $(shell curl-config --cflags 2>/dev/null)
LIBFLAG ?= -shared
LIBS    = $(shell curl-config --libs 2>/dev/null || echo -lcurl)

BUILD   ?= build/$(LUA)
CORE    = $(BUILD)/dataforseo/core.so
SRCS    = $(wildcard src/*.c)
OBJS    = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
HDRS    = $(wildcard src/*.h)

INST_PREFIX ?= /usr/local
INST_LIBDIR ?= $(INST_PREFIX)/lib/lua/5.4
INST_LUADIR ?= $(INST_PREFIX)/share/lua/5.4
INST_BINDIR ?= $(INST_PREFIX)/bin

.PHONY: all deps test test-one demo install install-emulator clean fuzz check-memory bench bench-json bench-e2e bench-mock bench-pagination rock-check

all: $(CORE)

$(BUILD)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DFS_CFLAGS) -c $< -o $@

$(CORE): $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) $(CFLAGS) -o $@ $(OBJS) $(LIBS)

deps:
	@sh .ci/deps.sh install

# Runs the busted suite under Lua 5.4 and LuaJIT; prints "N passed, N failed".
test:
	@sh .ci/deps.sh check || sh .ci/deps.sh install
	@$(MAKE) --no-print-directory LUA=lua5.4 all
	@$(MAKE) --no-print-directory LUA=luajit all
	@sh spec/run.sh lua5.4 luajit

# One interpreter only: make test-one LUA=luajit
test-one: all
	@sh spec/run.sh $(LUA)

demo:
	@sh .ci/deps.sh check || sh .ci/deps.sh install
	@$(MAKE) --no-print-directory LUA=lua5.4 all
	@sh bin/demo

# The client only: the emulator is its own product (install-emulator, or
# rockspec/dataforseo-emulator-scm-1.rockspec).
install: $(CORE)
	mkdir -p $(INST_LIBDIR)/dataforseo $(INST_LUADIR)/dataforseo
	cp $(CORE) $(INST_LIBDIR)/dataforseo/core.so
	cd lua && find dataforseo -type d -exec mkdir -p "$(INST_LUADIR)/{}" \;
	cd lua && find dataforseo -type f -exec cp {} "$(INST_LUADIR)/{}" \;

# The emulator: its Lua modules and the dataforseo-emulator command (pure
# Lua; needs nginx with the Lua module at run time).
install-emulator:
	mkdir -p $(INST_LUADIR)/dataforseo_emulator $(INST_BINDIR)
	cp emulator/lua/dataforseo_emulator/*.lua $(INST_LUADIR)/dataforseo_emulator/
	cp emulator/bin/dataforseo-emulator $(INST_BINDIR)/dataforseo-emulator

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

bench: bench-json bench-e2e bench-mock bench-pagination

rock-check:
	@sh spec/rock_check.sh
