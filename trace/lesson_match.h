// lesson_match: which trace event each lesson step is, found in time order — the one matcher (the viewer, and check_lesson.py through `skyglass trace steps`).
#pragma once
#include "trace/lesson.h"
#include "trace/trace_model.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

// Step k is the first event, after step k-1's event in time order, whose
// fields equal every field of k's `match` ("$name" replaced by the value an
// earlier step captured; a string ending in '*' matches by prefix).
//
// Matching is incremental: update() scans only the events that arrived since
// the last call, unless one of them sorts before an event already scanned (a
// live trace's writer drains per-thread buffers, so a late one can land in the
// past); then it starts over, which costs one pass over the trace.
class LessonMatcher {
public:
	void reset() { *this = LessonMatcher{}; }
	void update(const Lesson &lesson, const TraceModel &m);

	size_t matched() const { return events_.size(); }            // steps 0..matched()-1 have an event
	EventId event_of(size_t step) const { return step < events_.size() ? events_[step] : NO_EVENT; }
	// The step's match with the captures known so far filled in, as JSON text:
	// what the panel says a step not yet matched is waiting for.
	std::string waiting_for(const Lesson &lesson, size_t step) const;

private:
	nlohmann::ordered_json resolved(const nlohmann::ordered_json &match) const;

	std::vector<EventId> events_;
	std::map<std::string, nlohmann::ordered_json> captured_;
	size_t next_rank_ = 0;     // the next event, by time, to test against the current step
	size_t seen_ = 0;          // the model's size at the last update
	int64_t scanned_t_ = INT64_MIN;   // the time of the last event tested
};

// Whether one trace line (a flat JSON object) has every field of `want`,
// with Python's equality (1 == 1.0 == true), which steps.json files were written for.
bool lesson_event_matches(std::string_view line, const nlohmann::ordered_json &want);
