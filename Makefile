# The two user commands: `make run` and `make test`. Both install what is missing first.
BUILD ?= build
JOBS ?= 2
PACKAGES = cmake g++ make pkg-config liblua5.4-dev catch2 libimgui-dev libglfw3-dev \
           nlohmann-json3-dev xvfb xauth xdotool fonts-wqy-microhei clang libclang-rt-14-dev python3 \
           libssl-dev openssl curl python3-websockets chromium chromium-driver lua-lpeg \
           redis-server mariadb-server python3-bson

.PHONY: run test deps build bench bench-viewer fuzz clean lesson

# Install only what dpkg says is missing, so a second run costs a second.
deps:
	@missing=""; for p in $(PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

# Runs lesson 01 with its trace, then prints where the trace is and a summary.
# With a display, the viewer opens on the trace as well.
# The build is quiet unless it fails: a learner's first screen is the lesson.
run: deps
	@mkdir -p $(BUILD); \
	if ! { cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) && cmake --build $(BUILD) -j$(JOBS); } >$(BUILD)/make-run.log 2>&1; then \
		tail -40 $(BUILD)/make-run.log; echo "build failed: the whole log is in $(BUILD)/make-run.log"; exit 1; \
	fi
	@./scripts/run-lesson.sh lessons/01-hello

# `make lesson L=04` runs one lesson headless, printing each step as it happens,
# then the trace summary and how to open it in the viewer with its steps.
lesson: build
	@dir="$(firstword $(wildcard lessons/$(L)-* lessons/0$(L)-* lessons/$(L)))"; \
	have="$(notdir $(wildcard lessons/[0-9]*))"; \
	if [ -z "$(L)" ]; then echo "make lesson: say which, e.g. make lesson L=04 (have: $$have)"; exit 2; fi; \
	if [ -z "$$dir" ]; then echo "make lesson: no lesson $(L) (have: $$have)"; exit 2; fi; \
	python3 tests/lessons/check_lesson.py --live $(BUILD)/skyglass $$dir

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 300

# `make bench SKYNET_DIR=/path/to/skynet` runs the same Lua bench services on skynet
# too and prints the ratios (docs/benchmarks.md); ROUNDS=3 repeats them.
bench: build
	./tests/bench/run.sh $(BUILD)
	./lessons/12-raw-vs-coroutine/compare.sh $(BUILD)

# The viewer on a real 2.1-million-event gate trace (made once, kept in
# $(BUILD)/bench-viewer): load rate, frame times, idle CPU (docs/benchmarks.md).
bench-viewer: build
	./tests/bench/viewer/run.sh $(BUILD)

fuzz: deps
	./tests/fuzz/run.sh 300

clean:
	rm -rf $(BUILD) run
