# The commands a newcomer needs. The README's two commands are `make run` and `make test`.
.PHONY: run test fmt lint unit bench

CARGO ?= cargo
ARGS ?= --help

# The main job: the `levensregister` command line (release build), e.g. make run ARGS="init".
run:
	$(CARGO) run --locked --release -p levensregister-cli -- $(ARGS)

# Everything CI checks: formatting, lints, and every test of the workspace.
test: fmt lint unit

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --locked --workspace

# Prints unlock (KDF and the rest), save, list and search figures on 10,000 items.
bench:
	$(CARGO) run --locked --release -p levensregister-cli -- bench --items 10000
