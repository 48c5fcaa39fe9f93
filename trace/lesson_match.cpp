// lesson_match: matches lesson steps to trace events in time order, with captures and prefixes, incrementally.
#include "trace/lesson_match.h"
#include "trace/json_line.h"

#include <cstdlib>

using json = nlohmann::ordered_json;

static std::string text_of(const JsonValue &v)
{
	return v.escaped ? json_unescape(v.text) : std::string(v.text);
}

// A trace value as the JSON it was written as (what a capture remembers).
static json to_json(const JsonValue *v)
{
	if (!v)
		return nullptr;
	switch (v->type) {
	case JsonValue::Int: return v->i;
	case JsonValue::Str: return text_of(*v);
	case JsonValue::Bool: return v->i != 0;
	case JsonValue::Null: return nullptr;
	default: {
		json j = json::parse(v->text, nullptr, false);
		return j.is_discarded() ? json(std::string(v->text)) : j;
	}
	}
}

// `want` is a number or a boolean; as in Python, True is 1 and 1 == 1.0.
static bool number_equals(const JsonValue &got, const json &want)
{
	if (got.type == JsonValue::Int || got.type == JsonValue::Bool) {
		if (want.is_number_float())
			return double(got.i) == want.get<double>();
		if (want.is_number_unsigned())   // how nlohmann reads a non-negative integer
			return got.i >= 0 && uint64_t(got.i) == want.get<uint64_t>();
		return got.i == (want.is_boolean() ? int64_t(want.get<bool>()) : want.get<int64_t>());
	}
	if (got.type != JsonValue::Other)
		return false;
	std::string raw(got.text);     // a float the scanner keeps as raw text
	char *end = nullptr;
	double d = std::strtod(raw.c_str(), &end);
	return end != raw.c_str() && *end == '\0' && d == (want.is_boolean() ? double(want.get<bool>()) : want.get<double>());
}

// Python's == (the lessons were first checked by a Python matcher); a missing field equals null.
static bool equals(const JsonValue *got, const json &want)
{
	if (!got)
		return want.is_null();
	if (want.is_null())
		return got->type == JsonValue::Null;
	if (want.is_string())
		return got->type == JsonValue::Str && text_of(*got) == want.get_ref<const std::string &>();
	if (want.is_number() || want.is_boolean())
		return number_equals(*got, want);
	return got->type == JsonValue::Other && to_json(got) == want;   // a nested value, kept raw
}

bool lesson_event_matches(std::string_view line, const json &want)
{
	JsonObject obj;
	std::string error;
	if (!json_line_parse(line, obj, error))
		return false;
	for (auto &[key, value] : want.items()) {
		const JsonValue *got = obj.find(key);
		if (value.is_string()) {
			const std::string &s = value.get_ref<const std::string &>();
			if (!s.empty() && s.back() == '*') {
				if (!got || got->type != JsonValue::Str || text_of(*got).rfind(s.substr(0, s.size() - 1), 0) != 0)
					return false;
				continue;
			}
		}
		if (!equals(got, value))
			return false;
	}
	return true;
}

json LessonMatcher::resolved(const json &match) const
{
	json out = match;
	for (auto &[key, value] : out.items()) {
		if (!value.is_string() || value.get_ref<const std::string &>().rfind('$', 0) != 0)
			continue;
		auto it = captured_.find(value.get<std::string>().substr(1));
		if (it != captured_.end())
			value = it->second;
	}
	return out;
}

void LessonMatcher::update(const Lesson &lesson, const TraceModel &m)
{
	if (m.size() < seen_)
		reset();   // a new trace
	for (EventId e = EventId(seen_); e < m.size(); e++)
		if (m.event(e).t < scanned_t_) {
			reset();   // it landed before events already tested
			break;
		}
	seen_ = m.size();
	while (events_.size() < lesson.steps.size() && next_rank_ < m.size()) {
		const LessonStep &step = lesson.steps[events_.size()];
		json want = resolved(step.match);
		for (; next_rank_ < m.size(); next_rank_++) {
			EventId e = m.at_rank(next_rank_);
			scanned_t_ = m.event(e).t;
			if (!lesson_event_matches(m.raw(e), want))
				continue;
			events_.push_back(e);
			next_rank_++;
			if (step.capture.is_object()) {
				JsonObject obj;
				std::string error;
				json_line_parse(m.raw(e), obj, error);
				for (auto &[name, field] : step.capture.items())
					captured_[name] = to_json(obj.find(field.get<std::string>()));
			}
			break;
		}
	}
}

std::string LessonMatcher::waiting_for(const Lesson &lesson, size_t step) const
{
	if (step >= lesson.steps.size())
		return "";
	return resolved(lesson.steps[step].match).dump();
}
