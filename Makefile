# make-tools' own tasks. `make help` lists them through make-help itself (the
# installed one, else the one built here), with the one-liner the README shows.

CARGO ?= cargo

.DEFAULT_GOAL := help

##@ Development

.PHONY: build
build: ## Build the release binaries, static on Linux with glibc (scripts/release.sh)
	CARGO=$(CARGO) scripts/release.sh build

.PHONY: test
test: ## Run every test, as CI does
	$(CARGO) test

.PHONY: lint
lint: ## Check formatting and clippy lints
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

.PHONY: fmt
fmt: ## Format the code
	$(CARGO) fmt

.PHONY: ci
ci: ## Run what CI runs (.ci/run)
	.ci/run

.PHONY: bench
bench: ## Benchmark against make -npq, the awk help one-liner and wc -l (scripts/bench.sh; --quick: BENCH_ARGS=--quick)
	scripts/bench.sh $(BENCH_ARGS)

.PHONY: fuzz
fuzz: ## Fuzz the reader for 10 minutes (needs cargo-fuzz and a nightly toolchain)
	fuzz/seed-corpus
	$(CARGO) +nightly fuzz run read -- -dict=fuzz/read.dict -timeout=10 -max_len=16384 -max_total_time=600

##@ Using it

.PHONY: install
install: ## Install make-help and make-targets into ~/.cargo/bin, static on Linux with glibc (cargo uninstall make-tools removes them)
	CARGO=$(CARGO) scripts/release.sh install

.PHONY: help
help: ## Show this help
	@if command -v make-help >/dev/null; then make-help -f $(firstword $(MAKEFILE_LIST)); \
	else \
	  [ -x target/debug/make-help ] || \
	    echo "make help: make-help is not installed; building it here first (cargo build, about half a minute)" >&2; \
	  $(CARGO) run --quiet --bin make-help -- -f $(firstword $(MAKEFILE_LIST)); \
	fi
