// lua_crypt: the `skynet.crypt` binding (lua-crypt.c's twin): the small primitives
// skynet's login flow and its http/websocket libraries are built on.
// OpenSSL does what it has a primitive for (SHA-1, HMAC-SHA1, MD5, DES, random
// bytes); the rest are skynet's own 64-bit constructions (hashkey, hmac64, the
// 64-bit Diffie-Hellman), written here so that results equal skynet's byte for byte.
#include <cstdint>
#include <cstring>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "lua/bindings.h"

// Lua raises errors with longjmp, which skips C++ destructors: so no std::string
// or other owner of memory is alive here; results are built in Lua buffers.

// --- 64-bit values travel as 8-byte little-endian strings ---------------------

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void push_u64(lua_State *L, uint64_t v)
{
	char out[8];
	for (int i = 0; i < 8; i++)
		out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
	lua_pushlstring(L, out, 8);
}

// Argument `index` must be exactly 8 bytes; `what` is skynet's error text.
static uint64_t check_u64(lua_State *L, int index, const char *what)
{
	size_t sz = 0;
	const char *s = luaL_checklstring(L, index, &sz);
	if (sz != 8)
		luaL_error(L, "%s", what);
	return get_u64(reinterpret_cast<const unsigned char *>(s));
}

// --- hashkey: two classic string hashes side by side ---------------------------

// The low 4 bytes are Bernstein's djb hash, the high 4 bytes Justin Sobel's
// JS hash; together an 8-byte key derived from any string.
static uint64_t string_hash(const char *s, size_t sz)
{
	uint32_t djb = 5381u;
	uint32_t js = 1315423911u;
	for (size_t i = 0; i < sz; i++) {
		uint8_t c = static_cast<uint8_t>(s[i]);
		djb += (djb << 5) + c;
		js ^= (js << 5) + c + (js >> 2);
	}
	return static_cast<uint64_t>(djb) | static_cast<uint64_t>(js) << 32;
}

static int lhashkey(lua_State *L)
{
	size_t sz = 0;
	const char *s = luaL_checklstring(L, 1, &sz);
	push_u64(L, string_hash(s, sz));
	return 1;
}

// --- randomkey: 8 random bytes whose xor is never 0 ------------------------------

static int lrandomkey(lua_State *L)
{
	unsigned char key[8];
	if (RAND_bytes(key, sizeof key) != 1)
		return luaL_error(L, "randomkey: OpenSSL has no random bytes");
	unsigned char x = 0;
	for (unsigned char b : key)
		x ^= b;
	// skynet avoids a key whose bytes xor to 0 (an all-zero key would make DH fail).
	if (x == 0)
		key[0] |= 1;
	lua_pushlstring(L, reinterpret_cast<char *>(key), sizeof key);
	return 1;
}

// --- hmac64: one MD5 compression over two 64-bit values -------------------------

// The 64 additive constants and shift amounts of MD5 (RFC 1321, section 3.4).
static const uint32_t MD5_K[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const int MD5_SHIFT[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static uint32_t rotl(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }

// The MD5 compression function from the standard initial state, WITHOUT the final
// addition of that state: skynet's hmac64 is defined on this raw form, so OpenSSL's
// MD5 (which always adds it and pads) cannot produce it.
static void md5_compress_raw(const uint32_t w[16], uint32_t out[4])
{
	uint32_t a = 0x67452301u, b = 0xefcdab89u, c = 0x98badcfeu, d = 0x10325476u;
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int g;
		switch (i / 16) {
		case 0: f = (b & c) | (~b & d); g = i; break;
		case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
		case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
		default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
		}
		uint32_t next_b = b + rotl(a + f + MD5_K[i] + w[g], MD5_SHIFT[i / 16][i % 4]);
		a = d;
		d = c;
		c = b;
		b = next_b;
	}
	out[0] = a; out[1] = b; out[2] = c; out[3] = d;
}

// hmac64(x, y): the block is (x.hi, x.lo, y.hi, y.lo) four times; the result's low
// word is c^d and its high word a^b.
static uint64_t hmac64(uint64_t x, uint64_t y)
{
	uint32_t w[16];
	for (int i = 0; i < 16; i += 4) {
		w[i] = static_cast<uint32_t>(x >> 32);
		w[i + 1] = static_cast<uint32_t>(x);
		w[i + 2] = static_cast<uint32_t>(y >> 32);
		w[i + 3] = static_cast<uint32_t>(y);
	}
	uint32_t r[4];
	md5_compress_raw(w, r);
	return static_cast<uint64_t>(r[2] ^ r[3]) | static_cast<uint64_t>(r[0] ^ r[1]) << 32;
}

static int lhmac64(lua_State *L)
{
	uint64_t x = check_u64(L, 1, "Invalid uint64 x");
	uint64_t y = check_u64(L, 2, "Invalid uint64 y");
	push_u64(L, hmac64(x, y));
	return 1;
}

// hmac64_md5(x, y) is a real MD5: of (x .. y) repeated three times, its two
// halves xor-ed together. OpenSSL computes the MD5.
static int lhmac64_md5(lua_State *L)
{
	check_u64(L, 1, "Invalid uint64 x");
	check_u64(L, 2, "Invalid uint64 y");
	unsigned char text[48];
	for (int i = 0; i < 48; i += 16) {
		memcpy(text + i, lua_tostring(L, 1), 8);
		memcpy(text + i + 8, lua_tostring(L, 2), 8);
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(text, sizeof text, md, &mdlen, EVP_md5(), nullptr))
		return luaL_error(L, "hmac64_md5: OpenSSL's MD5 failed");
	char out[8];
	for (int i = 0; i < 8; i++)
		out[i] = static_cast<char>(md[i] ^ md[i + 8]);
	lua_pushlstring(L, out, 8);
	return 1;
}

// hmac_hash(key, text): hmac64 of the text's hashkey under an 8-byte key.
static int lhmac_hash(lua_State *L)
{
	uint64_t key = check_u64(L, 1, "Invalid uint64 key");
	size_t sz = 0;
	const char *text = luaL_checklstring(L, 2, &sz);
	push_u64(L, hmac64(string_hash(text, sz), key));
	return 1;
}

// --- Diffie-Hellman over the largest 64-bit prime, generator 5 -------------------

// 64-bit numbers are small enough for a 128-bit product, so this is the
// textbook square-and-multiply; OpenSSL's DH works on much larger groups.
static const uint64_t DH_P = 0xffffffffffffffc5ull;
static const uint64_t DH_G = 5;

static uint64_t mul_mod_p(uint64_t a, uint64_t b)
{
	return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b % DH_P);
}

static uint64_t pow_mod_p(uint64_t base, uint64_t exp)
{
	if (base > DH_P)
		base %= DH_P;
	if (exp == 1)
		return base;  // as skynet: a base equal to P comes back unreduced
	uint64_t result = 1;
	while (exp) {
		if (exp & 1)
			result = mul_mod_p(result, base);
		base = mul_mod_p(base, base);
		exp >>= 1;
	}
	return result;
}

// dhexchange(secret) -> G^secret mod P: the public half to send to the peer.
static int ldhexchange(lua_State *L)
{
	uint64_t x = check_u64(L, 1, "Invalid dh uint64 key");
	if (x == 0)
		return luaL_error(L, "Can't be 0");
	push_u64(L, pow_mod_p(DH_G, x));
	return 1;
}

// dhsecret(their_public, my_secret) -> the shared key both sides arrive at.
static int ldhsecret(lua_State *L)
{
	uint64_t x = check_u64(L, 1, "Invalid uint64 x");
	uint64_t y = check_u64(L, 2, "Invalid uint64 y");
	if (x == 0 || y == 0)
		return luaL_error(L, "Can't be 0");
	push_u64(L, pow_mod_p(x, y));
	return 1;
}

// --- DES in ECB mode with a padded last block -----------------------------------

enum { PADDING_ISO7816_4 = 0, PADDING_PKCS7 = 1, PADDING_COUNT };

// OpenSSL 3 keeps single DES in its "legacy" provider; load it once into a
// library context of our own so that the rest of the process keeps the defaults.
static const EVP_CIPHER *des_ecb()
{
	static const EVP_CIPHER *cipher = [] {
		OSSL_LIB_CTX *ctx = OSSL_LIB_CTX_new();
		if (!ctx || !OSSL_PROVIDER_load(ctx, "legacy"))
			return static_cast<EVP_CIPHER *>(nullptr);
		return EVP_CIPHER_fetch(ctx, "DES-ECB", nullptr);
	}();
	return cipher;
}

// Run whole 8-byte blocks through DES (in place is allowed), with no padding of
// OpenSSL's. Raises; nothing of C++'s is alive here when it does.
static void des_blocks(lua_State *L, const unsigned char *key, const unsigned char *in, size_t sz,
                       unsigned char *out, bool encrypt)
{
	const EVP_CIPHER *cipher = des_ecb();
	if (!cipher)
		luaL_error(L, "skynet.crypt: DES needs OpenSSL's legacy provider (ossl-modules/legacy.so)");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;
	bool ok = c && EVP_CipherInit_ex(c, cipher, nullptr, key, nullptr, encrypt ? 1 : 0)
		&& EVP_CIPHER_CTX_set_padding(c, 0) && EVP_CipherUpdate(c, out, &n, in, static_cast<int>(sz));
	EVP_CIPHER_CTX_free(c);
	if (!ok || static_cast<size_t>(n) != sz)
		luaL_error(L, "skynet.crypt: OpenSSL's DES failed");
}

static const unsigned char *check_des_key(lua_State *L)
{
	size_t sz = 0;
	const char *key = luaL_checklstring(L, 1, &sz);
	if (sz != 8)
		luaL_error(L, "Invalid key size %d, need 8 bytes", static_cast<int>(sz));
	return reinterpret_cast<const unsigned char *>(key);
}

static int check_padding_mode(lua_State *L, int index)
{
	lua_Integer mode = luaL_optinteger(L, index, PADDING_ISO7816_4);
	if (mode < 0 || mode >= PADDING_COUNT)
		luaL_error(L, "Invalid padding mode %d", static_cast<int>(mode));
	return static_cast<int>(mode);
}

// desencode(key, text [, padding]): the text always gains 1..8 bytes of padding,
// so the output is the next multiple of 8 above the text's length.
static int ldesencode(lua_State *L)
{
	const unsigned char *key = check_des_key(L);
	size_t sz = 0;
	const char *text = luaL_checklstring(L, 2, &sz);
	int mode = check_padding_mode(L, 3);
	size_t pad = 8 - sz % 8;
	luaL_Buffer b;
	auto *out = reinterpret_cast<unsigned char *>(luaL_buffinitsize(L, &b, sz + pad));
	memcpy(out, text, sz);
	if (mode == PADDING_ISO7816_4) {
		out[sz] = 0x80;  // a marker byte, then zeros
		memset(out + sz + 1, 0, pad - 1);
	} else {
		memset(out + sz, static_cast<int>(pad), pad);  // pad bytes, each the pad length
	}
	des_blocks(L, key, out, sz + pad, out, true);
	luaL_pushresultsize(&b, sz + pad);
	return 1;
}

// How many padding bytes end `block` (the last 8 bytes), or 0 when it is not valid padding.
static size_t padding_length(const unsigned char *block, int mode)
{
	if (mode == PADDING_PKCS7) {
		size_t n = block[7];
		if (n == 0 || n > 8)
			return 0;
		for (size_t i = 8 - n; i < 8; i++)
			if (block[i] != n)
				return 0;
		return n;
	}
	for (int i = 7; i >= 0; i--) {
		if (block[i] == 0x80)
			return 8 - i;
		if (block[i] != 0)
			return 0;
	}
	return 0;
}

static int ldesdecode(lua_State *L)
{
	const unsigned char *key = check_des_key(L);
	size_t sz = 0;
	const char *text = luaL_checklstring(L, 2, &sz);
	if (sz == 0 || sz % 8 != 0)
		return luaL_error(L, "Invalid des crypt text length %d", static_cast<int>(sz));
	int mode = check_padding_mode(L, 3);
	luaL_Buffer b;
	auto *plain = reinterpret_cast<unsigned char *>(luaL_buffinitsize(L, &b, sz));
	des_blocks(L, key, reinterpret_cast<const unsigned char *>(text), sz, plain, false);
	size_t pad = padding_length(plain + sz - 8, mode);
	if (pad == 0)
		return luaL_error(L, "Invalid des crypt text");
	luaL_pushresultsize(&b, sz - pad);
	return 1;
}

// --- SHA-1 and HMAC-SHA1 (OpenSSL) -----------------------------------------------

static int lsha1(lua_State *L)
{
	size_t sz = 0;
	const char *text = luaL_checklstring(L, 1, &sz);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(text, sz, md, &mdlen, EVP_sha1(), nullptr))
		return luaL_error(L, "sha1: OpenSSL's SHA-1 failed");
	lua_pushlstring(L, reinterpret_cast<char *>(md), mdlen);
	return 1;
}

// hmac_sha1(key, text)
static int lhmac_sha1(lua_State *L)
{
	size_t keysz = 0, sz = 0;
	const char *key = luaL_checklstring(L, 1, &keysz);
	const char *text = luaL_checklstring(L, 2, &sz);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!HMAC(EVP_sha1(), key, static_cast<int>(keysz), reinterpret_cast<const unsigned char *>(text), sz, md,
	          &mdlen))
		return luaL_error(L, "hmac_sha1: OpenSSL's HMAC failed");
	lua_pushlstring(L, reinterpret_cast<char *>(md), mdlen);
	return 1;
}

// --- base64 -----------------------------------------------------------------------

static const char B64_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Every 3 bytes become 4 letters of 6 bits each; a short last group is padded with '='.
static int lbase64encode(lua_State *L)
{
	size_t sz = 0;
	const auto *s = reinterpret_cast<const unsigned char *>(luaL_checklstring(L, 1, &sz));
	size_t outsz = (sz + 2) / 3 * 4;
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, outsz);
	for (size_t i = 0, j = 0; i < sz; i += 3, j += 4) {
		size_t n = sz - i < 3 ? sz - i : 3;
		uint32_t v = s[i] << 16 | (n > 1 ? s[i + 1] << 8 : 0) | (n > 2 ? s[i + 2] : 0);
		out[j] = B64_ALPHABET[v >> 18];
		out[j + 1] = B64_ALPHABET[(v >> 12) & 63];
		out[j + 2] = n > 1 ? B64_ALPHABET[(v >> 6) & 63] : '=';
		out[j + 3] = n > 2 ? B64_ALPHABET[v & 63] : '=';
	}
	luaL_pushresultsize(&b, outsz);
	return 1;
}

enum { B64_SKIP = -1, B64_PAD = -2 };

// A letter's 6-bit value; '=' is padding; anything else (newlines, spaces) is skipped, as skynet does.
static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	if (c == '=') return B64_PAD;
	return B64_SKIP;
}

// Missing '=' at the end is tolerated (some encoders drop it); bits left over
// in a padded group must be zero, or the text is not base64 at all.
static int lbase64decode(lua_State *L)
{
	size_t sz = 0;
	const auto *s = reinterpret_cast<const unsigned char *>(luaL_checklstring(L, 1, &sz));
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, (sz + 3) / 4 * 3);
	size_t n = 0;
	size_t i = 0;
	while (i < sz) {
		int c[4];
		int pads = 0;
		for (int j = 0; j < 4;) {
			int v = i < sz ? b64_value(s[i]) : B64_PAD;
			i++;
			if (v == B64_SKIP)
				continue;
			if (v == B64_PAD)
				pads++;
			c[j++] = v;
		}
		if (pads == 0) {
			uint32_t v = uint32_t(c[0]) << 18 | c[1] << 12 | c[2] << 6 | c[3];
			out[n++] = char(v >> 16);
			out[n++] = char((v >> 8) & 0xff);
			out[n++] = char(v & 0xff);
		} else if (pads == 1 && c[3] == B64_PAD && (c[2] & 3) == 0) {
			uint32_t v = uint32_t(c[0]) << 10 | c[1] << 4 | c[2] >> 2;
			out[n++] = char(v >> 8);
			out[n++] = char(v & 0xff);
		} else if (pads == 2 && c[2] == B64_PAD && c[3] == B64_PAD && (c[1] & 15) == 0) {
			out[n++] = char(c[0] << 2 | c[1] >> 4);
		} else {
			return luaL_error(L, "Invalid base64 text");
		}
	}
	luaL_pushresultsize(&b, n);
	return 1;
}

// --- hex and xor ------------------------------------------------------------------

static int lhexencode(lua_State *L)
{
	static const char digits[] = "0123456789abcdef";
	size_t sz = 0;
	const auto *s = reinterpret_cast<const unsigned char *>(luaL_checklstring(L, 1, &sz));
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, sz * 2);
	for (size_t i = 0; i < sz; i++) {
		out[2 * i] = digits[s[i] >> 4];
		out[2 * i + 1] = digits[s[i] & 15];
	}
	luaL_pushresultsize(&b, sz * 2);
	return 1;
}

// Lower-case only, as skynet's hexencode writes it.
static int hex_value(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

static int lhexdecode(lua_State *L)
{
	size_t sz = 0;
	const char *s = luaL_checklstring(L, 1, &sz);
	if (sz % 2)
		return luaL_error(L, "Invalid hex text size %d", static_cast<int>(sz));
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, sz / 2);
	for (size_t i = 0; i < sz; i += 2) {
		int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
		if (hi < 0 || lo < 0)
			return luaL_error(L, "Invalid hex text");
		out[i / 2] = static_cast<char>(hi << 4 | lo);
	}
	luaL_pushresultsize(&b, sz / 2);
	return 1;
}

// xor_str(text, key): the key repeats along the text.
static int lxor_str(lua_State *L)
{
	size_t sz = 0, keysz = 0;
	const char *s = luaL_checklstring(L, 1, &sz);
	const char *key = luaL_checklstring(L, 2, &keysz);
	if (keysz == 0)
		return luaL_error(L, "Can't xor empty string");
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, sz);
	for (size_t i = 0; i < sz; i++)
		out[i] = static_cast<char>(s[i] ^ key[i % keysz]);
	luaL_pushresultsize(&b, sz);
	return 1;
}

int luaopen_skynet_crypt(lua_State *L)
{
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {
		{"hashkey", lhashkey},         {"randomkey", lrandomkey},     {"desencode", ldesencode},
		{"desdecode", ldesdecode},     {"hexencode", lhexencode},     {"hexdecode", lhexdecode},
		{"hmac64", lhmac64},           {"hmac64_md5", lhmac64_md5},   {"dhexchange", ldhexchange},
		{"dhsecret", ldhsecret},       {"base64encode", lbase64encode}, {"base64decode", lbase64decode},
		{"sha1", lsha1},               {"hmac_sha1", lhmac_sha1},     {"hmac_hash", lhmac_hash},
		{"xor_str", lxor_str},         {nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	lua_createtable(L, 0, 2);
	lua_pushinteger(L, PADDING_ISO7816_4);
	lua_setfield(L, -2, "iso7816_4");
	lua_pushinteger(L, PADDING_PKCS7);
	lua_setfield(L, -2, "pkcs7");
	lua_setfield(L, -2, "padding");
	return 1;
}
