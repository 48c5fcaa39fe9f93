// json_line: a fast scanner for one flat JSON object per line, as the trace writes them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

// The trace's objects are flat: integers, strings, booleans. Anything else (a
// float, null, a nested array or object from a newer runtime) is kept as its
// raw text so that the inspector can still show it. Strings are left escaped;
// json_unescape decodes one when its text is needed.
struct JsonValue {
	enum Type : uint8_t { Int, Str, Bool, Null, Other } type = Null;
	bool escaped = false;   // a Str that contains a backslash
	int64_t i = 0;          // Int, and Bool as 0/1
	std::string_view text;  // Str: the characters between the quotes; Other: the raw value
};

struct JsonField {
	std::string_view key;
	JsonValue value;
};

// Up to 32 fields per line; more is an error (no trace event comes close).
struct JsonObject {
	static constexpr int MAX_FIELDS = 32;
	JsonField fields[MAX_FIELDS];
	int count = 0;
	const JsonValue *find(std::string_view key) const;
};

// Parses `line` (without its newline). On failure returns false and says what
// was wrong and at which column in `error`.
bool json_line_parse(std::string_view line, JsonObject &out, std::string &error);

// Decodes JSON string escapes (\n, \", \uXXXX with surrogate pairs) to UTF-8.
std::string json_unescape(std::string_view text);
// The value as display text: a decoded string, a number, true/false, or raw.
std::string json_value_text(const JsonValue &v);
