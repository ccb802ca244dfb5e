# belong's front door. `make run` and `make test` are the two commands a new machine needs.
# Both install missing Debian packages first (scripts/deps.sh), then build with Meson + Ninja.

BUILD      ?= build
ASAN_BUILD ?= build-sanitize
DB         ?= $(BUILD)/demo.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build run test test-sanitize bench fuzz soak format format-check clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized -Dwerror=true

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Creates (or brings up to date) the demo database and runs the main job on it: a search near
# Worcester and suggestions for a demo peer; then serves the directory on http://$(LISTEN)/
# until Ctrl-C. Then try the tour in README.md.
run: build
	./$(BUILD)/belong demo --db $(DB)
	./$(BUILD)/belong --db $(DB) search --town Worcester --limit 5
	BELONG_CPS=demo ./$(BUILD)/belong --db $(DB) recommend 1 --limit 5
	@echo; echo "Demo database: $(DB)  (export BELONG_DB=$$PWD/$(DB) BELONG_CPS=demo; see README.md)"
	@echo; echo "The web directory (docs/web.md); Ctrl-C stops it:"
	./$(BUILD)/belong --db $(DB) serve --listen $(LISTEN)

test: build
	@bash tests/run.sh $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false

test-sanitize: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		bash tests/run.sh $(ASAN_BUILD)

bench: build
	@bash bench/run.sh $(BUILD)

# The long crash-and-concurrency soak (tests/soak/soak.sh): SOAK_KILLS kill -9s among imports,
# refreshes, peer edits and choices running at once, every acknowledged write checked after each.
SOAK_KILLS    ?= 200
SOAK_LISTINGS ?= 3000

soak: build
	@bash tests/soak/soak.sh $(BUILD) $(SOAK_KILLS) $(SOAK_LISTINGS)

# Fuzzing (docs/fuzzing.md): builds fuzz/ with clang, libFuzzer, ASan and UBSan in FUZZ_BUILD and
# runs each harness in turn for FUZZ_SECONDS; FUZZ_TARGETS="csv ical" picks some. Findings go to
# FUZZ_BUILD/fuzz-artifacts/NAME/.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

fuzz: deps
	@bash scripts/deps-fuzz.sh
	@[ -f $(FUZZ_BUILD)/build.ninja ] || \
		CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true --buildtype=debugoptimized -Db_lundef=false
	ninja -C $(FUZZ_BUILD)
	@bash fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
