# The commands a newcomer needs. The README's two commands are `make run` and `make test`.
.PHONY: run cli test ui ui-check fmt lint unit bench bindings deb

CARGO ?= cargo
NPM ?= npm
ARGS ?= --help

# The main job: the desktop app (release build), after building its web UI.
run: ui
	$(CARGO) run --locked --release -p levensregister-desktop

# The command line, e.g. make cli ARGS="init".
cli:
	$(CARGO) run --locked --release -p levensregister-cli -- $(ARGS)

# Everything CI checks: the UI's types, formatting, lints, and every test of the
# workspace (unit, CLI, bindings drift, and the end-to-end journey in the real window).
test: ui-check fmt lint unit

ui/node_modules: ui/package-lock.json
	$(NPM) ci --prefix ui --no-audit --no-fund
	touch ui/node_modules

# The web UI, built into ui/dist (the app embeds it at compile time).
ui: ui/node_modules
	$(NPM) run build --prefix ui

ui-check: ui
	$(NPM) run check --prefix ui

fmt:
	$(CARGO) fmt --all -- --check

lint: ui
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

unit: ui
	$(CARGO) test --locked --workspace

# Prints unlock (KDF and the rest), save, list and search figures on 10,000 items.
bench:
	$(CARGO) run --locked --release -p levensregister-cli -- bench --items 10000

# Writes ui/src/bindings anew from the Rust types (the test fails when they drift).
bindings:
	LEVENSREGISTER_UPDATE_BINDINGS=1 $(CARGO) test --locked -p levensregister-desktop --test bindings

# A Debian package of the app and the command line (target/deb/), made with dpkg-deb.
deb: ui
	scripts/deb.sh
