# nqpf — build, test and demo.
#
#   make            build build/nqpf and build/libnqpf.a
#   make check      install missing Debian packages, run every test, then the
#                   whole suite again under ASan+UBSan
#   make demo       build and run the demo on the bundled provincial data
#   make CC=clang   the same with clang (the code is -Werror clean under both)
#   make mpi        the MPI build of the same tool, build-mpi/nqpf (mpicc from
#                   libopenmpi-dev; `mpirun -np N build-mpi/nqpf dea ...`)
#
# Sources are found by wildcard: src/<area>/*.c make the library,
# src/cli/*.c the command-line tool, tests/<area>/test_*.c one test program
# each, fuzz/*.c the fuzz targets.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
SAN     ?=
OPENMP  ?= -fopenmp
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
DEFS    ?=
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L -DNQPF_DATADIR=\"$(CURDIR)/data\" $(DEFS)
CFLAGS  += $(OPT) $(WARN) $(SAN) $(OPENMP) -MMD -MP
# librsvg + cairo render the report's figures to PNG and PDF (src/doc/figures.c);
# their headers are system headers (-isystem) so that -Werror does not apply to glib.
# They are not linked: src/doc/gfx.c opens them (dlopen) when a figure is
# rendered, which saves every other run loading their fifty-odd libraries.
RSVG_PKGS = librsvg-2.0 cairo cairo-pdf cairo-png
# (2>/dev/null: before `make demo` has installed them, pkg-config finds nothing,
# which only the sources that include them notice.)
CPPFLAGS += $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(RSVG_PKGS) 2>/dev/null))
LDLIBS  += -lreadstat -lminizip -lexpat -llapack -lblas -lz -lm
LDFLAGS += $(SAN) $(OPENMP)

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:%.c=$(BUILD)/%)

.PHONY: all check check-fast check-asan demo demo-objects deps deps-build tests clean bench fuzz mpi install
all: $(BUILD)/nqpf

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libnqpf.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/nqpf: $(CLI_OBJ) $(BUILD)/libnqpf.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libnqpf.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/test.h $(BUILD)/libnqpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -o $@ $< $(BUILD)/libnqpf.a $(LDFLAGS) $(LDLIBS)

# (the one test that calls librsvg itself, to check the renderer's framing)
$(BUILD)/tests/report/test_figures_fit: LDLIBS += $(shell pkg-config --libs $(RSVG_PKGS) 2>/dev/null)

tests: $(BUILD)/nqpf $(TEST_BIN)

deps:
	@sh scripts/deps.sh

# What the build and the demo need (not the peers of the tests).
deps-build:
	@sh scripts/deps.sh build

# The fast suite (one build), then the same suite under the sanitizers.
check: deps
	$(MAKE) check-fast
	$(MAKE) check-asan

check-fast: tests mpi
	sh tests/run.sh $(BUILD)

check-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" tests
	NQPF_SANITIZED=1 sh tests/run.sh build-asan

# The build runs in parallel, at -O1 and without debug information, in its
# own build-demo/ directory (the objects of build/ stay as they are; -O1
# writes the same report as -O2).  On a fresh machine the Debian packages
# the build needs (scripts/deps.sh build) are installed while every source
# that does not include their headers compiles (`-k`, quietly: what could
# not compile yet is compiled, with its messages, by the second make once
# the packages are there), so the install and the build overlap instead of
# adding up.  Nothing is installed when the packages are present.
JOBS = $$(nproc 2>/dev/null || echo 2)
demo:
	@sh scripts/deps.sh build & deps=$$!; \
	$(MAKE) -s -k -j$(JOBS) BUILD=build-demo OPT=-O1 demo-objects >/dev/null 2>&1; \
	wait $$deps || exit $$?; \
	$(MAKE) -s -j$(JOBS) BUILD=build-demo OPT=-O1 build-demo/nqpf
	build-demo/nqpf demo --out demo-out --force

demo-objects: $(LIB_OBJ) $(CLI_OBJ)

# Same sources, -DNQPF_MPI (src/core/dist.c switches to MPI collectives).
mpi:
	$(MAKE) BUILD=build-mpi CC=mpicc DEFS=-DNQPF_MPI build-mpi/nqpf

# make install [PREFIX=/usr/local] [DESTDIR=staging]: the binary, the
# bundled data in PREFIX/share/nqpf (where the binary finds it, relative to
# itself, so a staged or moved tree works too) and the manual page.
PREFIX ?= /usr/local
DATA_FILES = data/nqpf_project.ini data/nqpf_system.csv data/china_provinces_tech_wide.csv \
             data/china_provinces_tech_dictionary.csv data/china_provinces.geojson data/pwt91_subset.csv \
             data/china_cities.geojson data/city_crosswalk.csv data/city_project.ini data/city_system.csv \
             data/china_cities_synthetic.csv data/nqpf_study.ini data/china_provinces_queen.csv data/PROVENANCE.md
install: $(BUILD)/nqpf
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/nqpf $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/nqpf $(DESTDIR)$(PREFIX)/bin/nqpf
	install -m 644 $(DATA_FILES) $(DESTDIR)$(PREFIX)/share/nqpf/
	sh scripts/manpage.sh $(BUILD)/nqpf > $(DESTDIR)$(PREFIX)/share/man/man1/nqpf.1

fuzz:
	sh fuzz/run.sh

clean:
	rm -rf build build-asan build-clang build-demo build-fuzz build-mpi demo-out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
