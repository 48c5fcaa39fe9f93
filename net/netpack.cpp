// netpack: per-connection frame assembly (lua-netpack.c's core, without Lua).
#include "net/netpack.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kernel/trace.h"

namespace {

constexpr int HEADER_SIZE = 2;

// The frame a connection is in the middle of: first its header, byte by byte
// (a read may end between the two bytes), then its body.
struct frame {
	uint8_t header[HEADER_SIZE];
	int header_have = 0;
	char *body = nullptr;
	int size = 0;     // the declared length, known once the header is whole
	int have = 0;
	int capacity = 0; // bytes allocated for body: grows with what arrives

	bool started() const { return header_have > 0; }
	size_t held() const { return size_t(header_have) + size_t(have); }
};

char *alloc_body(int size)
{
	// Never null: a zero-length packet is still a packet the caller can hold.
	return static_cast<char *>(malloc(size > 0 ? size_t(size) : 1));
}

// Make room for `more` bytes of the body. The header's length is only a
// claim: a client that sends 3 bytes announcing 65,535 must not make us hold
// 64 KiB. So the buffer grows with the bytes that arrive, doubling (a large
// packet costs a few reallocs, not one per read), up to the declared size.
void reserve_body(frame &f, int more)
{
	int need = f.have + more;
	if (need <= f.capacity)
		return;
	int grown = f.capacity * 2 < f.size ? f.capacity * 2 : f.size;
	int capacity = need > grown ? need : grown;
	f.body = static_cast<char *>(realloc(f.body, size_t(capacity)));
	f.capacity = capacity;
}

} // namespace

struct netpack {
	std::unordered_map<int, frame> frames; // only connections with a frame started
	std::unordered_set<int> broken;        // connections past the limit, until closed
	std::deque<netpack_packet> queue;      // whole packets not yet popped
	size_t limit = 0;
	// netpack_feed's list of the packets one input completes: kept here so
	// that its memory is reused, not allocated again for every input.
	std::vector<netpack_packet> done;
};

netpack *netpack_new() { return new netpack; }

void netpack_clear(netpack *np)
{
	for (auto &[id, f] : np->frames)
		free(f.body);
	np->frames.clear();
	np->broken.clear();
	for (netpack_packet &p : np->queue)
		free(p.data);
	np->queue.clear();
}

void netpack_free(netpack *np)
{
	if (!np)
		return;
	netpack_clear(np);
	delete np;
}

void netpack_set_limit(netpack *np, size_t limit) { np->limit = limit; }

size_t netpack_queued(const netpack *np) { return np->queue.size(); }

size_t netpack_buffered(const netpack *np, int id)
{
	auto it = np->frames.find(id);
	return it == np->frames.end() ? 0 : it->second.held();
}

size_t netpack_reserved(const netpack *np, int id)
{
	auto it = np->frames.find(id);
	return it == np->frames.end() ? 0 : size_t(it->second.capacity);
}

void netpack_close(netpack *np, int id)
{
	auto it = np->frames.find(id);
	if (it != np->frames.end()) {
		free(it->second.body);
		np->frames.erase(it);
	}
	np->broken.erase(id);
}

bool netpack_pop(netpack *np, netpack_packet *out)
{
	if (np->queue.empty())
		return false;
	*out = np->queue.front();
	np->queue.pop_front();
	return true;
}

netpack_status netpack_feed(netpack *np, int id, const void *data, size_t size,
	netpack_packet *one, std::string *error)
{
	if (np->broken.count(id))
		return NETPACK_NONE; // its owner is closing it; the bytes mean nothing now

	frame f;
	auto it = np->frames.find(id);
	if (it != np->frames.end()) {
		f = it->second;
		np->frames.erase(it);
	}

	// Cut the bytes into frames; what is left over waits in `f`.
	std::vector<netpack_packet> &done = np->done;
	done.clear();
	const uint8_t *p = static_cast<const uint8_t *>(data);
	const uint8_t *end = p + size;
	while (p < end) {
		if (f.header_have < HEADER_SIZE) {
			f.header[f.header_have++] = *p++;
			if (f.header_have < HEADER_SIZE)
				continue; // the read ended inside the header
			f.size = f.header[0] << 8 | f.header[1];
			if (np->limit && size_t(f.size) > np->limit) {
				if (error) {
					char text[128];
					snprintf(text, sizeof(text),
						"netpack: socket %d sent a %d-byte packet, over the limit of %zu", id,
						f.size, np->limit);
					*error = text;
				}
				for (netpack_packet &d : done)
					free(d.data);
				np->broken.insert(id);
				if (trace_enabled())
					trace_netpack(id, size, 0, 0, false);
				return NETPACK_ERROR;
			}
			f.have = 0;
			f.capacity = 0;
			if (f.size == 0) {
				done.push_back(netpack_packet{id, alloc_body(0), 0});
				f = frame{};
				continue;
			}
		}
		size_t need = size_t(f.size - f.have);
		size_t take = need < size_t(end - p) ? need : size_t(end - p);
		if (take == 0)
			break; // the header used the last bytes: the body comes with the next read
		reserve_body(f, int(take));
		memcpy(f.body + f.have, p, take);
		f.have += int(take);
		p += take;
		if (f.have == f.size) {
			done.push_back(netpack_packet{id, f.body, f.size});
			f = frame{};
		}
	}
	// A zero-length packet whose header ends the input is whole already:
	// the loop above handled it when the second header byte arrived.

	if (f.started())
		np->frames.emplace(id, f);
	if (trace_enabled())
		trace_netpack(id, size, f.held(), int(done.size()), f.started());

	if (done.empty())
		return NETPACK_NONE;
	// One packet goes straight out when the input ended with it (as skynet's
	// filter: one followed by the start of the next is "more"), unless older
	// packets still wait in the queue: it must not overtake them.
	if (done.size() == 1 && !f.started() && np->queue.empty()) {
		*one = done[0];
		return NETPACK_DATA;
	}
	for (netpack_packet &d : done)
		np->queue.push_back(d);
	return NETPACK_MORE;
}

char *netpack_pack(const void *data, size_t size, size_t *framed_size)
{
	if (size > 0xffff) {
		*framed_size = 0;
		return nullptr;
	}
	char *out = static_cast<char *>(malloc(size + HEADER_SIZE));
	out[0] = char((size >> 8) & 0xff);
	out[1] = char(size & 0xff);
	if (size)
		memcpy(out + HEADER_SIZE, data, size);
	*framed_size = size + HEADER_SIZE;
	return out;
}
