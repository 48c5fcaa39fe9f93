// harbor: how a message leaves for another node: the kernel hands it to the harbor service (skynet_harbor's twin).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

struct skynet_context;
struct skynet_message;

// A message for another node, as the kernel hands it to the harbor service:
// the payload of a PTYPE_SYSTEM message whose source and session are the
// original sender's. The harbor service owns `message` once it has this.
struct remote_message {
	uint32_t destination; // another node's address (harbor byte != ours, != 0)
	void *message;
	size_t sz;
	int type; // the protocol (PTYPE_LUA, PTYPE_RESPONSE, ...), without tags
};

// Harbor ids are one byte; 0 is "this node only".
constexpr int HARBOR_REMOTE_MAX = 256;

// This node's harbor id (the `harbor` key, 0..255), set once at boot.
void harbor_init(int harbor);
// The harbor keys belong together: harbor 1..255 needs `address` and
// `master` (cslave listens and connects there); harbor 0 ignores them (as skynet) but refuses
// `standalone` (skynet asserts). False with a one-line error naming the key and its value.
bool harbor_check_config(std::string &error);
// This node's harbor byte in place (harbor << 24), set once by harbor_init.
extern uint32_t harbor_self;
// Whether handle lives on another node: its harbor byte is neither ours nor 0.
// Inline: skynet_send asks it of every message.
inline bool harbor_isremote(uint32_t handle)
{
	uint32_t h = handle & 0xff000000u;
	return h != harbor_self && h != 0;
}
// The harbor service announces itself (service_harbor's init); 0 at its exit.
void harbor_start(uint32_t service);
// A message dropped from `owner`'s queue unread (the service exited, the
// node ended): when owner is the harbor service and the message one of
// harbor_send's, free the payload it carries (the caller frees the wrapper).
void harbor_drop_queued(uint32_t owner, skynet_message *msg);
// Hand a message for another node to the harbor service, which owns `data`
// from here on. -> false, data freed, when no harbor service runs.
bool harbor_send(uint32_t source, uint32_t destination, int type, int session, void *data, size_t sz);
