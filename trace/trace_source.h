// trace_source: feeds a TraceModel from a file (on a background thread) or a live TCP stream.
#pragma once
#include "trace/trace_model.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

// The model is shared between the feeding thread and its readers: hold
// `mutex` while reading the model. The feeder takes it once per chunk (about a
// megabyte of lines), so a reader never waits long.
class TraceSource {
public:
	enum class State { Idle, Loading, Loaded, Connecting, Live, Disconnected, Failed };

	TraceSource() = default;
	~TraceSource();
	TraceSource(const TraceSource &) = delete;
	TraceSource &operator=(const TraceSource &) = delete;

	// Each start replaces the model with an empty one.
	void open_file(const std::string &path);
	// "host:port"; retries the connection for `retry_ms` (a runtime just started may not listen yet).
	// With `record`, every byte received is also written to that file, so a
	// live run can be reopened, exported and summarised after it ends.
	void connect(const std::string &address, int retry_ms = 0, const std::string &record = "");
	void stop();

	State state() const { return state_.load(); }
	static const char *state_name(State s);
	std::string status() const;              // what went wrong, or where the input is
	// Loading progress, 0..1 (files only).
	float progress() const;
	// Bumped after every chunk: a reader can tell the model changed.
	uint64_t version() const { return version_.load(); }

	mutable std::mutex mutex;
	TraceModel model;

private:
	void load_file(std::string path);
	void read_stream(std::string host, int port, int retry_ms, std::string record);
	void set_status(State s, std::string text);

	std::thread thread_;
	std::atomic<bool> stopping_{false};
	std::atomic<State> state_{State::Idle};
	std::atomic<uint64_t> bytes_read_{0}, bytes_total_{0}, version_{0};
	mutable std::mutex status_mutex_;       // its own lock: readers ask while holding `mutex`
	std::string status_;
};

// Splits "host:port"; false when it is not one.
bool parse_address(const std::string &address, std::string &host, int &port);

// Loads a whole file into `model` on the calling thread (the tools use this).
// False, with the reason in `error`, when the file cannot be read; bad lines
// do not fail the load (see model.bad_lines()).
bool load_trace_file(const std::string &path, TraceModel &model, std::string &error);
