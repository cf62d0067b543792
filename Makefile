# trdb: build, test, run and install. `make help` lists the targets.
# Every target that compiles calls `deps` first, which installs missing Debian
# packages (tools/deps.sh), so a fresh Debian machine needs only gcc and make.

PREFIX ?= /usr/local
DESTDIR ?=
SANITIZE ?=
CC ?= cc

comma := ,
VARIANT := $(if $(SANITIZE),san-$(subst $(comma),-,$(SANITIZE)),default)
BUILD ?= build/$(VARIANT)
DATADIR := $(PREFIX)/share/trdb
MANDIR := $(PREFIX)/share/man/man1
COMPLETIONDIR := $(PREFIX)/share/bash-completion/completions

# Debian packages: to build, and in addition to test.
BUILD_PACKAGES := pkg-config libsqlite3-dev libcjson-dev libpcre2-dev \
                  libutf8proc-dev libarchive-dev libcurl4-openssl-dev libssl-dev libpq-dev iso-codes
TEST_PACKAGES := libcmocka-dev sqlite3 python3 chromium groff-base
# The PostgreSQL server the tests start a private cluster of (tests/lib/pgcluster.sh): installed
# when it is missing and trdb may (root, sudo); without it those tests say they are skipped.
PG_TEST_PACKAGES := postgresql
LINT_PACKAGES := clang-format cppcheck

PKG_LIBS := sqlite3 libpcre2-8 libcjson libutf8proc libarchive libcurl libcrypto libpq
WARN := -Wall -Wextra -Werror
SANFLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all)
CPPFLAGS_ALL := -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DTRDB_DATADIR='"$(DATADIR)"'
CFLAGS_ALL = -std=c11 $(WARN) -O2 -g $(SANFLAGS) -MMD -MP \
             $(shell pkg-config --cflags $(PKG_LIBS) 2>/dev/null) $(CPPFLAGS_ALL) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKG_LIBS) 2>/dev/null) -lm $(LDLIBS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

LIB_SRC := $(wildcard lib/*.c) $(wildcard model/*.c) $(wildcard ingest/*.c) \
           $(wildcard queries/*.c) $(wildcard reports/*.c)
CLI_SRC := $(wildcard cli/*.c)
SQL_SRC := $(sort $(wildcard model/schema/*.sql)) $(sort $(wildcard model/schema/pg/*.sql)) \
           $(wildcard model/*.sql) $(sort $(wildcard model/pg/*.sql)) $(sort $(wildcard queries/*.sql)) $(sort $(wildcard queries/pg/*.sql)) \
           $(sort $(wildcard reports/sql/*.sql)) $(sort $(wildcard reports/sql/pg/*.sql)) \
           reports/assets/report.css reports/assets/report.js
UNIT_SRC := $(wildcard tests/unit/test_*.c)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/sqltexts.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps lint-deps lint build run test unit install uninstall clean help
.DEFAULT_GOAL := all

all: deps build

help:
	@echo "make            build ./trdb (installs missing Debian packages first)"
	@echo "make run        build, ingest data/samples, print the countries, write the report"
	@echo "make test       build and run every test; ends with 'N passed, N failed'"
	@echo "make SANITIZE=address,undefined test   the same under the sanitizers"
	@echo "make lint       clang-format, cppcheck and banned.h over every C file (make test runs it)"
	@echo "make install PREFIX=/usr/local DESTDIR=   install trdb, its data, man page and bash completion"
	@echo "make clean      remove build output"

deps:
	@tools/deps.sh $(BUILD_PACKAGES)

test-deps: deps
	@tools/deps.sh $(TEST_PACKAGES)
	@tools/deps.sh $(PG_TEST_PACKAGES) || \
		echo "deps: no PostgreSQL server: the PostgreSQL tests will be skipped" >&2

lint-deps:
	@tools/deps.sh $(LINT_PACKAGES)

# The layout, cppcheck and the banned functions: tools/lint.sh says what it checks.
lint: lint-deps
	@CC="$(CC)" sh tools/lint.sh

# The binary is built per variant; ./trdb is the plain build's (not one in a BUILD=elsewhere).
build: $(BUILD)/trdb
ifeq ($(BUILD),build/default)
build: trdb
trdb: $(BUILD)/trdb
	cp $< $@
endif

$(BUILD)/trdb: $(CLI_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# Recompile everything when the flags change (PREFIX is compiled in).
$(BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL)' | cmp -s - $@ || echo '$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL)' > $@
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The commit trdb is built from (--version), rewritten only when it changes.
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(@D)
	@v=$$(git -C "$(CURDIR)" describe --always --dirty --abbrev=12 2>/dev/null || true); \
	 printf '#define TRDB_COMMIT "%s"\n' "$$v" >$@.tmp; cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(BUILD)/cli/main.o: cli/main.c $(BUILD)/gen/version.h $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -I$(BUILD)/gen -c -o $@ $<

$(BUILD)/gen/sqltexts.c: $(SQL_SRC) tools/embed-sql.sh
	@mkdir -p $(@D)
	tools/embed-sql.sh $@ $(SQL_SRC)

$(BUILD)/gen/sqltexts.o: $(BUILD)/gen/sqltexts.c $(BUILD)/flags
	$(CC) $(CFLAGS_ALL) -Ilib -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka 2>/dev/null) $(LDFLAGS_ALL) -o $@ $< \
		$(LIB_OBJ) $(shell pkg-config --libs cmocka 2>/dev/null) $(LDLIBS_ALL)

unit: test-deps $(BUILD)/trdb $(UNIT_BIN)

test: unit lint
	@TRDB="$(abspath $(BUILD))/trdb" UNIT_DIR="$(abspath $(BUILD))/tests" \
		ARTIFACTS="$(abspath $(BUILD))/artifacts" TRDB_DATA="$(CURDIR)/data" sh tests/run.sh

run: all
	./trdb ingest data/samples; test $$? -le 1
	./trdb query countries
	./trdb report --out report
	@echo "database: $(CURDIR)/trdb.sqlite"
	@echo "report:   $(CURDIR)/report/index.html (open it in a browser; CSV tables in report/csv/)"

# bench: speed and memory, measured side by side (bench/run.sh); writes bench/RESULTS.md
# (its PostgreSQL rows start a private server: bench/pg.sh); bench-pg-scale: 20 million app
# captures into PostgreSQL, the load rate, size on disk, a query's and the report's time
.PHONY: bench bench-deps bench-pg-scale
bench-deps: deps
	@tools/deps.sh sqlite3 time postgresql
bench: bench-deps build
	@TRDB="$(CURDIR)/trdb" REALDATA="$(abspath ../shared/realdata)" sh bench/run.sh
bench-pg-scale: bench-deps build
	@TRDB="$(CURDIR)/trdb" REALDATA="$(abspath ../shared/realdata)" sh bench/pg-scale.sh >bench/RESULTS-pg-scale.md.new && \
		mv bench/RESULTS-pg-scale.md.new bench/RESULTS-pg-scale.md && cat bench/RESULTS-pg-scale.md

install: deps $(BUILD)/trdb
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/formats $(DESTDIR)$(DATADIR)/countries \
		$(DESTDIR)$(DATADIR)/vocabulary $(DESTDIR)$(DATADIR)/formats/i18n $(DESTDIR)$(DATADIR)/dsa \
		$(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BUILD)/trdb $(DESTDIR)$(PREFIX)/bin/trdb
	install -m 644 cli/trdb.1 $(DESTDIR)$(MANDIR)/trdb.1
	install -m 644 cli/trdb.bash $(DESTDIR)$(COMPLETIONDIR)/trdb
	install -m 644 data/sources.json $(DESTDIR)$(DATADIR)/sources.json
	install -m 644 data/formats/*.json data/formats/README.md $(DESTDIR)$(DATADIR)/formats/
	install -m 644 data/formats/i18n/*.tsv $(DESTDIR)$(DATADIR)/formats/i18n/
	install -m 644 data/countries/*.tsv $(DESTDIR)$(DATADIR)/countries/
	install -m 644 data/vocabulary/* $(DESTDIR)$(DATADIR)/vocabulary/
	install -m 644 data/dsa/*.tsv $(DESTDIR)$(DATADIR)/dsa/
	install -d $(DESTDIR)$(DATADIR)/docs
	install -m 644 docs/*.md $(DESTDIR)$(DATADIR)/docs/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/trdb $(DESTDIR)$(MANDIR)/trdb.1 $(DESTDIR)$(COMPLETIONDIR)/trdb
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build trdb

include tests/fuzz/fuzz.mk

-include $(shell find build -name '*.d' 2>/dev/null)
