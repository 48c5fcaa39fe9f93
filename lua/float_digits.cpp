// float_digits: 5.5's digits for the floats Lua itself turns into text (`..`, table.concat, %s, string arguments).
//
// skynet's Lua 5.5 writes a float with 15 significant digits, or 17 when 15
// do not read back as the same number ("0.30000000000000004"); Debian's 5.4
// writes 14 ("0.3"). print, tostring and skynet.error get 5.5's digits from
// lua/lua_wording.cpp, but Lua's core converts floats in many more places: the
// `..` operator, table.concat, string.format's %s, a float passed where a
// string is expected (string.rep, gsub's replacement, ...). All of them go
// through one function of liblua (tostringbuff), which formats with
// snprintf(buf, 44, "%.14g", n) -- __snprintf_chk, as Debian builds it
// fortified (or snprintf). The executable defines both, so the dynamic linker
// binds liblua's call (and every other) to this one: that exact call (the
// 44-byte buffer and "%.14g", which only tostringbuff uses; a program's own
// string.format("%.14g") has a bigger buffer) gets 5.5's digits, and every
// other call goes on to glibc's __vsnprintf_chk unchanged.
// Written from the behaviour (run the same program on both: compat float_text).
#include <cstdarg>
#include <cstddef>
#include <cstdlib>
#include <cstring>

// glibc's checked formatter, which the standard one stands on (no header
// declares it without also declaring the function defined below).
extern "C" int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, va_list ap);
extern "C" int vsnprintf(char *s, size_t maxlen, const char *format, va_list ap);

namespace {

// liblua 5.4's tostringbuff: MAXNUMBER2STR bytes and LUAI_NUMFFORMAT.
constexpr size_t kLuaNumberBuffer = 44;
constexpr const char kLuaNumberFormat[] = "%.14g";

int checked(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
	va_end(ap);
	return n;
}

// 15 digits, or 17 when 15 do not give the same number back.
int lua55_digits(char *s, size_t maxlen, int flag, size_t slen, double n)
{
	int len = checked(s, maxlen, flag, slen, "%.15g", n);
	if (std::strtod(s, nullptr) != n)
		len = checked(s, maxlen, flag, slen, "%.17g", n);
	return len;
}

} // namespace

extern "C" int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n;
	if (maxlen == kLuaNumberBuffer && std::strcmp(format, kLuaNumberFormat) == 0)
		n = lua55_digits(s, maxlen, flag, slen, va_arg(ap, double));
	else
		n = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
	va_end(ap);
	return n;
}

// A liblua built without fortifying calls snprintf itself: the same there.
extern "C" int snprintf(char *s, size_t maxlen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n;
	if (maxlen == kLuaNumberBuffer && std::strcmp(format, kLuaNumberFormat) == 0)
		n = lua55_digits(s, maxlen, 1, maxlen, va_arg(ap, double));
	else
		n = vsnprintf(s, maxlen, format, ap);
	va_end(ap);
	return n;
}

// Called once from snlua (skyglass_install_stdlib55), so the linker keeps this
// file's object, and with it the definition above, in the executable.
bool skyglass_float_digits()
{
	return true;
}
