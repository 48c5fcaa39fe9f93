// lua_md5: the `md5.core` binding that skynet's lualib/md5.lua wraps (kepler's lua-md5
// API: sum, exor, crypt, decrypt), with MD5 itself from OpenSSL.
#include <cstring>
#include <ctime>

#include <openssl/evp.h>

#include "lua/bindings.h"

static constexpr size_t kBlock = 16;   // one MD5 digest
static constexpr size_t kMaxKey = 256; // the cipher's key limit (lua-md5's MAXKEY)

static void md5(lua_State *L, const void *data, size_t size, unsigned char out[kBlock])
{
	unsigned int len = 0;
	if (!EVP_Digest(data, size, out, &len, EVP_md5(), nullptr) || len != kBlock)
		luaL_error(L, "md5: OpenSSL digest failed");
}

// sum(s) -> the 16-byte binary digest.
static int lsum(lua_State *L)
{
	size_t sz;
	const char *s = luaL_checklstring(L, 1, &sz);
	unsigned char digest[kBlock];
	md5(L, s, sz, digest);
	lua_pushlstring(L, reinterpret_cast<const char *>(digest), kBlock);
	return 1;
}

// exor(a, b) -> a xor b, byte by byte; both the same length.
static int lexor(lua_State *L)
{
	size_t na, nb;
	const char *a = luaL_checklstring(L, 1, &na);
	const char *b = luaL_checklstring(L, 2, &nb);
	luaL_argcheck(L, na == nb, 2, "lengths must be equal");
	luaL_Buffer buf;
	char *out = luaL_buffinitsize(L, &buf, na);
	for (size_t i = 0; i < na; i++)
		out[i] = static_cast<char>(a[i] ^ b[i]);
	luaL_pushresultsize(&buf, na);
	return 1;
}

// The cipher: MD5 used as the block function of a cipher-feedback stream. The state is
// the seed (zero-padded to 16 bytes) followed by the key; each 16-byte step xors the
// text with md5(state), and the resulting ciphertext replaces the front of the state.
struct Stream {
	unsigned char state[kBlock + kMaxKey];
	size_t size;
};

static void stream_init(lua_State *L, Stream &st, const char *seed, size_t nseed)
{
	size_t nkey;
	const char *key = luaL_checklstring(L, 2, &nkey);
	if (nkey > kMaxKey)
		luaL_error(L, "key too long (> %d)", int(kMaxKey));
	std::memset(st.state, 0, kBlock);
	std::memcpy(st.state, seed, nseed);
	std::memcpy(st.state + kBlock, key, nkey);
	st.size = kBlock + nkey;
}

// encrypt: the feedback is the output; decrypt: the feedback is the input.
static void run_stream(lua_State *L, Stream &st, const char *in, size_t n, bool encrypt, luaL_Buffer *out)
{
	while (n > 0) {
		unsigned char pad[kBlock];
		md5(L, st.state, st.size, pad);
		size_t step = n < kBlock ? n : kBlock;
		char chunk[kBlock];
		for (size_t i = 0; i < step; i++)
			chunk[i] = static_cast<char>(pad[i] ^ static_cast<unsigned char>(in[i]));
		luaL_addlstring(out, chunk, step);
		std::memcpy(st.state, encrypt ? chunk : in, step);
		in += step;
		n -= step;
	}
}

// crypt(text, key [, seed]) -> #seed .. seed .. ciphertext; the seed defaults to time().
static int lcrypt(lua_State *L)
{
	size_t ntext;
	const char *text = luaL_checklstring(L, 1, &ntext);
	if (lua_isnone(L, 3)) {
		time_t now = time(nullptr);
		lua_pushlstring(L, reinterpret_cast<const char *>(&now), sizeof now);
	}
	size_t nseed;
	const char *seed = luaL_checklstring(L, 3, &nseed);
	if (nseed > kBlock)
		luaL_error(L, "seed too long (> %d)", int(kBlock));
	Stream st;
	stream_init(L, st, seed, nseed);
	luaL_Buffer out;
	luaL_buffinit(L, &out);
	luaL_addchar(&out, static_cast<char>(nseed));
	luaL_addlstring(&out, seed, nseed);
	run_stream(L, st, text, ntext, true, &out);
	luaL_pushresult(&out);
	return 1;
}

// decrypt(cipher, key) -> text, for cipher made by crypt with the same key.
static int ldecrypt(lua_State *L)
{
	size_t n;
	const char *cipher = luaL_checklstring(L, 1, &n);
	size_t nseed = n > 0 ? static_cast<unsigned char>(cipher[0]) : 0;
	luaL_argcheck(L, n >= nseed + 1 && nseed <= kBlock, 1, "invalid cyphered string");
	Stream st;
	stream_init(L, st, cipher + 1, nseed);
	luaL_Buffer out;
	luaL_buffinit(L, &out);
	run_stream(L, st, cipher + 1 + nseed, n - 1 - nseed, false, &out);
	luaL_pushresult(&out);
	return 1;
}

int luaopen_md5_core(lua_State *L)
{
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {
		{"sum", lsum}, {"exor", lexor}, {"crypt", lcrypt}, {"decrypt", ldecrypt}, {nullptr, nullptr},
	};
	luaL_newlib(L, funcs);
	lua_pushliteral(L, "MD5 1.2");
	lua_setfield(L, -2, "_VERSION");
	// The module's other info fields, which programs may list: the same keys
	// as skynet's md5 library, our own words.
	lua_pushliteral(L, "skyglass: MD5 written for this project, with the md5 library's API");
	lua_setfield(L, -2, "_COPYRIGHT");
	lua_pushliteral(L, "MD5 sums, an MD5 stream cipher (crypt/decrypt) and exor");
	lua_setfield(L, -2, "_DESCRIPTION");
	return 1;
}
