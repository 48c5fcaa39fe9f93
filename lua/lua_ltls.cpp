// lua_ltls: the `ltls.c` binding (skynet's ltls.c twin): TLS through OpenSSL over
// memory buffers, so that the bytes still travel through skynet sockets.
// Lua feeds what it read from the socket into `handshake` / `read`, and writes to
// the socket what `handshake` / `write` hand back: OpenSSL never sees a file
// descriptor, and a coroutine waiting for TLS bytes waits like any socket reader.
#include <atomic>
#include <cstring>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "lua/bindings.h"

static const char *CTX_META = "ltls.ctx";
static const char *TLS_META = "ltls.tls";

// skynet loads `ltls.c` only once OpenSSL was set up by `ltls.init.c`'s
// constructor, which its bootstrap runs (in a cell named ltls_holder) when the
// config says `enablessl = "true"`; before that, requiring `ltls.c` raises. One
// flag for the whole process, as skynet's. OpenSSL 1.1+ sets itself up on first
// use, so the constructor has nothing else to do here.
static std::atomic<bool> tls_is_init{false};

// --- the SSL_CTX: certificate, key, ciphers shared by many connections -----------

struct ssl_ctx_box {
	SSL_CTX *ctx;
};

static ssl_ctx_box *check_ctx(lua_State *L, int index)
{
	auto *box = static_cast<ssl_ctx_box *>(luaL_checkudata(L, index, CTX_META));
	if (!box->ctx)
		luaL_error(L, "need sslctx");
	return box;
}

// The first OpenSSL error as text, for messages that say what went wrong. It is
// written into the caller's array: Lua raises with longjmp, which would skip the
// destructor of a std::string (so none is alive where this file raises).
struct ssl_error_text {
	char text[256];
};

static const char *openssl_error(ssl_error_text &&e = {})
{
	strcpy(e.text, "unknown OpenSSL error");
	unsigned long code = ERR_get_error();
	if (code)
		ERR_error_string_n(code, e.text, sizeof e.text);
	ERR_clear_error();
	return e.text;
}

static int lctx_gc(lua_State *L)
{
	auto *box = static_cast<ssl_ctx_box *>(luaL_checkudata(L, 1, CTX_META));
	if (box->ctx) {
		SSL_CTX_free(box->ctx);
		box->ctx = nullptr;
	}
	return 0;
}

// ctx:set_cert(certfile, keyfile): PEM files, e.g. made with
// `openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem`.
// The errors are skynet's: OpenSSL's return code, not its reason.
static int lctx_set_cert(lua_State *L)
{
	ssl_ctx_box *box = check_ctx(L, 1);
	const char *certfile = lua_tostring(L, 2);
	const char *keyfile = lua_tostring(L, 3);
	if (!certfile)
		return luaL_error(L, "need certfile");
	if (!keyfile)
		return luaL_error(L, "need private key");
	int ret = SSL_CTX_use_certificate_chain_file(box->ctx, certfile);
	if (ret != 1) {
		ERR_clear_error();
		return luaL_error(L, "SSL_CTX_use_certificate_chain_file error:%d", ret);
	}
	ret = SSL_CTX_use_PrivateKey_file(box->ctx, keyfile, SSL_FILETYPE_PEM);
	if (ret != 1) {
		ERR_clear_error();
		return luaL_error(L, "SSL_CTX_use_PrivateKey_file error:%d", ret);
	}
	ret = SSL_CTX_check_private_key(box->ctx);
	if (ret != 1) {
		ERR_clear_error();
		return luaL_error(L, "SSL_CTX_check_private_key error:%d", ret);
	}
	return 0;
}

// ctx:set_ciphers(list): despite its name, skynet's sets the SRTP protection
// profiles (SSL_CTX_set_tlsext_use_srtp, e.g. "SRTP_AES128_CM_SHA1_80"), and a
// cipher suite list is refused; kept so that a program sees what it sees there.
static int lctx_set_ciphers(lua_State *L)
{
	ssl_ctx_box *box = check_ctx(L, 1);
	const char *list = lua_tostring(L, 2);
	if (!list)
		return luaL_error(L, "need cipher list");
	int ret = SSL_CTX_set_tlsext_use_srtp(box->ctx, list);
	if (ret != 0) {
		ERR_clear_error();
		return luaL_error(L, "SSL_CTX_set_tlsext_use_srtp error:%d", ret);
	}
	return 0;
}

// newctx(): one context for clients and servers alike. Clients do not verify the
// server's certificate, as skynet's do not: set a CA yourself where that matters.
static int lnewctx(lua_State *L)
{
	auto *box = static_cast<ssl_ctx_box *>(lua_newuserdatauv(L, sizeof(ssl_ctx_box), 0));
	box->ctx = SSL_CTX_new(TLS_method());
	if (!box->ctx)
		return luaL_error(L, "SSL_CTX_new failed: %s", openssl_error());
	if (luaL_newmetatable(L, CTX_META)) {
		const luaL_Reg methods[] = {{"set_cert", lctx_set_cert}, {"set_ciphers", lctx_set_ciphers}, {nullptr, nullptr}};
		luaL_newlib(L, methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, lctx_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return 1;
}

// --- one TLS connection: an SSL object between two memory BIOs -----------------

struct tls_box {
	SSL *ssl;      // owns both BIOs
	BIO *in_bio;   // encrypted bytes from the peer go in here
	BIO *out_bio;  // encrypted bytes for the peer come out here
};

static tls_box *check_tls(lua_State *L)
{
	auto *box = static_cast<tls_box *>(luaL_checkudata(L, 1, TLS_META));
	if (!box->ssl)
		luaL_error(L, "context is closed");
	return box;
}

// Feed bytes read from the socket into OpenSSL.
static void feed(lua_State *L, tls_box *box, int index)
{
	size_t sz = 0;
	const char *data = lua_tolstring(L, index, &sz);
	while (data && sz > 0) {
		int n = BIO_write(box->in_bio, data, static_cast<int>(sz));
		if (n <= 0)
			luaL_error(L, "BIO_write error:%d", n);
		data += n;
		sz -= n;
	}
}

// Push whatever OpenSSL wants sent to the peer ("" when nothing). -> its size.
static size_t push_drained(lua_State *L, tls_box *box)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	size_t total = 0;
	while (BIO_ctrl_pending(box->out_bio) > 0) {
		char *p = luaL_prepbuffer(&b);
		int n = BIO_read(box->out_bio, p, LUAL_BUFFERSIZE);
		if (n <= 0)
			break;
		luaL_addsize(&b, n);
		total += n;
	}
	luaL_pushresult(&b);
	return total;
}

static int ltls_close(lua_State *L)
{
	auto *box = static_cast<tls_box *>(luaL_checkudata(L, 1, TLS_META));
	if (box->ssl) {
		SSL_free(box->ssl);
		box->ssl = nullptr;
	}
	return 0;
}

static int ltls_finished(lua_State *L)
{
	lua_pushboolean(L, SSL_is_init_finished(check_tls(L)->ssl));
	return 1;
}

// tls:handshake([bytes_from_peer]) -> bytes to send to the peer, or nothing.
// As skynet's: the call that completes the handshake returns nothing, and what
// OpenSSL still has for the peer (a client's Finished) goes with the next write.
static int ltls_handshake(lua_State *L)
{
	tls_box *box = check_tls(L);
	if (SSL_is_init_finished(box->ssl))
		return luaL_error(L, "handshake is finished");
	feed(L, box, 2);
	int ret = SSL_do_handshake(box->ssl);
	if (ret == 1)
		return 0;
	int err = SSL_get_error(box->ssl, ret);
	ERR_clear_error();
	if (ret == 0 || (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE))
		return luaL_error(L, "SSL_do_handshake error:%d ret:%d", err, ret);
	if (push_drained(L, box) == 0) {
		lua_pop(L, 1);
		return 0;
	}
	return 1;
}

// tls:read(bytes_from_peer) -> the plain text they carried ("" if none yet).
static int ltls_read(lua_State *L)
{
	tls_box *box = check_tls(L);
	feed(L, box, 2);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (;;) {
		char *p = luaL_prepbuffer(&b);
		int n = SSL_read(box->ssl, p, LUAL_BUFFERSIZE);
		if (n > 0) {
			luaL_addsize(&b, n);
			continue;
		}
		if (n == 0) // the peer's close_notify, or nothing: skynet's stops there
			break;
		int err = SSL_get_error(box->ssl, n);
		ERR_clear_error();
		if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
			break;
		return luaL_error(L, "SSL_read error:%d", err);
	}
	luaL_pushresult(&b);
	return 1;
}

// tls:write([plain]) -> the encrypted bytes to send ("" if none).
static int ltls_write(lua_State *L)
{
	tls_box *box = check_tls(L);
	size_t sz = 0;
	const char *data = lua_tolstring(L, 2, &sz);
	while (data && sz > 0) {
		int n = SSL_write(box->ssl, data, static_cast<int>(sz));
		if (n <= 0) {
			int err = SSL_get_error(box->ssl, n);
			ERR_clear_error();
			return luaL_error(L, "SSL_write error:%d", err);
		}
		data += n;
		sz -= n;
	}
	push_drained(L, box);
	return 1;
}

// tls:set_ext_host_name(name): the SNI name a client asks for.
static int ltls_set_ext_host_name(lua_State *L)
{
	tls_box *box = check_tls(L);
	lua_pushinteger(L, SSL_set_tlsext_host_name(box->ssl, luaL_checkstring(L, 2)));
	return 1;
}

// newtls("client" | "server", ctx [, hostname])
// As skynet's: the context is checked before the method ("need sslctx"; with no
// second argument at all skynet's reads its own new userdata as the context and
// fails "SSL_new failed", which is what this says then), a missing method is
// the text "nil".
static int lnewtls(lua_State *L)
{
	const char *method = luaL_optstring(L, 1, "nil");
	if (lua_isnone(L, 2))
		return luaL_error(L, "SSL_new failed");
	if (lua_isnil(L, 2))
		return luaL_error(L, "need sslctx");
	ssl_ctx_box *ctx = check_ctx(L, 2);
	bool client = strcmp(method, "client") == 0;
	if (!client && strcmp(method, "server") != 0)
		return luaL_error(L, "invalid method:%s e.g[server, client]", method);
	auto *box = static_cast<tls_box *>(lua_newuserdatauv(L, sizeof(tls_box), 1));
	box->ssl = nullptr;
	// The SSL object points into the SSL_CTX: keep the context alive with it.
	lua_pushvalue(L, 2);
	lua_setiuservalue(L, -2, 1);
	if (luaL_newmetatable(L, TLS_META)) {
		const luaL_Reg methods[] = {
			{"close", ltls_close},     {"finished", ltls_finished}, {"handshake", ltls_handshake},
			{"read", ltls_read},       {"write", ltls_write},       {"set_ext_host_name", ltls_set_ext_host_name},
			{nullptr, nullptr},
		};
		luaL_newlib(L, methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, ltls_close);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	box->ssl = SSL_new(ctx->ctx);
	if (!box->ssl) {
		ERR_clear_error();
		return luaL_error(L, "SSL_new failed");
	}
	box->in_bio = BIO_new(BIO_s_mem());
	box->out_bio = BIO_new(BIO_s_mem());
	if (!box->in_bio || !box->out_bio)
		return luaL_error(L, "new bio failed");
	BIO_set_mem_eof_return(box->in_bio, -1);  // empty means "wait for more", not end of stream
	BIO_set_mem_eof_return(box->out_bio, -1);
	SSL_set_bio(box->ssl, box->in_bio, box->out_bio);
	if (client) {
		SSL_set_connect_state(box->ssl);
		if (!lua_isnoneornil(L, 3))
			SSL_set_tlsext_host_name(box->ssl, luaL_checkstring(L, 3));
	} else {
		SSL_set_accept_state(box->ssl);
	}
	return 1;
}

int luaopen_ltls_c(lua_State *L)
{
	if (!tls_is_init.load())
		return luaL_error(L, "ltls need init, Put enablessl = true in you config file.");
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {{"newctx", lnewctx}, {"newtls", lnewtls}, {nullptr, nullptr}};
	luaL_newlib(L, funcs);
	return 1;
}

// `ltls.init.c`: constructor() lets `ltls.c` load (in every service), destructor()
// stops new loads; as skynet's, whose bootstrap calls the constructor when the
// config has enablessl = "true".
static int ltls_init_constructor(lua_State *)
{
	tls_is_init.store(true);
	return 0;
}

static int ltls_init_destructor(lua_State *)
{
	tls_is_init.store(false);
	return 0;
}

int luaopen_ltls_init_c(lua_State *L)
{
	luaL_checkversion(L);
	const luaL_Reg funcs[] = {{"constructor", ltls_init_constructor}, {"destructor", ltls_init_destructor}, {nullptr, nullptr}};
	luaL_newlib(L, funcs);
	return 1;
}
