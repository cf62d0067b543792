# fuzz.mk: the libFuzzer targets of tests/fuzz/ (see tests/fuzz/README.md),
# included from the Makefile, whose variables (LIB_SRC, BUILD, CFLAGS_ALL...)
# it uses.
#   make fuzz                      clang builds them in build/fuzz, each runs FUZZ_SECONDS
#   make fuzz FUZZ_TARGETS=csv     one target (or a few)
#   make test                      replays each corpus with a gcc-built driver: no clang
# clang's libFuzzer runtime (libclang_rt.fuzzer) comes in libclang-rt-14-dev for
# Debian 12's clang 14; libclang-rt-dev names the one for whichever clang is the
# default, and clang itself only recommends it, which deps.sh does not install.

FUZZ_ALL := csv json profile period value country
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_ARGS ?=
FUZZ_CC ?= clang
FUZZ_BUILD ?= build/fuzz
FUZZ_PACKAGES := clang libclang-rt-dev

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -O1 -g $(FUZZ_SAN) -MMD -MP \
              $(shell pkg-config --cflags $(PKG_LIBS) 2>/dev/null) $(CPPFLAGS_ALL)
# The stages the targets read with: lib/, model/, ingest/ (not queries/, reports/).
FUZZ_LIB_SRC := $(filter lib/% model/% ingest/%,$(LIB_SRC))
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_REPLAY := $(FUZZ_ALL:%=$(BUILD)/tests/test_fuzz_%)

.PHONY: fuzz fuzz-build fuzz-deps

fuzz-deps: deps
	@tools/deps.sh $(FUZZ_PACKAGES)

# A make of its own, so that the flags are read after the packages are in.
fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

# Each target runs in turn; libFuzzer adds what it learns to build/fuzz/corpus/T
# (the seeds in tests/fuzz/corpus/T stay as they are) and writes what it finds
# to build/fuzz/artifacts/T/. Keep a finding in tests/fuzz/regressions/T/.
fuzz: fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		regs=tests/fuzz/regressions/$$t; [ -d $$regs ] || regs=; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-dict=tests/fuzz/$$t.dict -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t/ \
			-print_final_stats=1 $(FUZZ_ARGS) $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t $$regs \
			|| { status=1; echo "fuzz: $$t failed: see $(FUZZ_BUILD)/artifacts/$$t/"; }; \
	done; exit $$status

# Recompile when the compiler or its flags change.
$(FUZZ_BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' | cmp -s - $@ || echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' > $@

# Every object is built for fuzzing, but is not a fuzzer: -fsanitize=fuzzer-no-link.
$(FUZZ_BUILD)/%.o: %.c $(FUZZ_BUILD)/flags
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# An archive, so that each target links only the modules it calls.
$(FUZZ_BUILD)/libtrdb.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

.SECONDARY: $(FUZZ_ALL:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.o)
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/libtrdb.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_ALL)

# The replay drivers, built like unit tests (the compiler and flags of this
# build, SANITIZE included) and named so that tests/run.sh runs them.
$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB_OBJ) \
		$(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -DFUZZ_TARGET='"$*"' -o $@ tests/fuzz/fuzz_$*.c \
		tests/fuzz/replay.c $(LIB_OBJ) $(LDLIBS_ALL)

unit: $(FUZZ_REPLAY)
