// test_trace_model: ingest, time order, the indexes and the joins, and bad-line reporting.
#include "trace/cluster_join.h"
#include "trace/harbor_join.h"
#include "trace/trace_model.h"
#include "trace/trace_source.h"

#include <catch2/catch.hpp>

#include <algorithm>

static TraceModel load(const char *name)
{
	TraceModel m;
	std::string error;
	REQUIRE(load_trace_file(std::string(FIXTURES) + "/" + name, m, error));
	return m;
}

static std::string as_text(std::string_view s) { return std::string(s); }

TEST_CASE("ingest keeps every event and sorts by time, equal times in file order", "[viewer][model]")
{
	TraceModel m;
	m.ingest_bytes("{\"t\":30,\"ev\":\"log\",\"h\":1,\"text\":\"c\"}\n{\"t\":10,\"ev\":\"log\",\"h\":1,\"text\":\"a\"}\n{\"t\":30,\"ev\":\"lo");
	m.ingest_bytes("g\",\"h\":1,\"text\":\"d\"}\n{\"t\":20,\"ev\":\"future.kind\",\"h\":1,\"x\":[1]}\n");
	m.finish();
	REQUIRE(m.size() == 4);
	CHECK(m.bad_lines() == 0);
	std::vector<EventId> order = m.by_time();
	CHECK(order == std::vector<EventId>{1, 3, 0, 2});
	CHECK(m.rank_of(2) == 3);
	CHECK(m.first_rank_at(25) == 2);
	CHECK(m.ev_name(3) == "future.kind");   // unknown kinds are kept as they are
	CHECK(m.raw(1) == "{\"t\":10,\"ev\":\"log\",\"h\":1,\"text\":\"a\"}");
}

TEST_CASE("a streamed line without end is dropped past 16 MiB, and the next line is read", "[viewer][model]")
{
	// A live peer sending 40 MiB with no newline held it all in the model
	// (the partial line had no bound).
	TraceModel m;
	std::string piece(1 << 20, 'a');
	size_t most = 0;
	for (int i = 0; i < 40; i++) {
		m.ingest_bytes(piece);
		most = std::max(most, m.pending_bytes());
	}
	CHECK(most <= TraceModel::MAX_PENDING_LINE);
	CHECK(m.bad_lines() == 1);
	CHECK(m.first_error() == "line 1: a line longer than 16 MiB, dropped");
	m.ingest_bytes("aaaa\n{\"t\":10,\"ev\":\"log\",\"h\":1,\"text\":\"after\"}\n");
	m.finish();
	CHECK(m.size() == 1);
	CHECK(m.bad_lines() == 1);
	CHECK(m.lines() == 2);
}

TEST_CASE("a trace.start announcing workers out of 1..256 announces none", "[viewer][model]")
{
	// attack round 7: the viewer's threads panel made a lane per announced worker
	for (const char *thread : { "2000000000", "-5", "0", "257" }) {
		TraceModel m;
		m.ingest_bytes(std::string("{\"t\":0,\"ev\":\"trace.start\",\"thread\":") + thread + "}\n");
		m.finish();
		CHECK(m.size() == 1);
		CHECK(m.workers_announced() == 0);
	}
	TraceModel m;
	m.ingest_bytes("{\"t\":0,\"ev\":\"trace.start\",\"thread\":256}\n");
	m.finish();
	CHECK(m.workers_announced() == 256);
}

TEST_CASE("services are named from svc.new and svc.name, and indexed by handle", "[viewer][model]")
{
	TraceModel m = load("pingpong.jsonl");
	CHECK(m.bad_lines() == 0);
	CHECK(m.workers_announced() == 2);
	int pong = m.service_index(10);
	REQUIRE(pong >= 0);
	CHECK(m.services()[pong].module == "snlua");
	CHECK(m.services()[pong].args == "pong");
	CHECK(m.service_label(10) == ".pong");
	CHECK(m.service_label(9) == "ping");
	CHECK(m.service_label(0x77) == ":00000077");
	CHECK(m.services()[m.service_index(9)].exited != NO_EVENT);
	// the pong lane holds every event whose h is pong, in time order
	const std::vector<EventId> &lane = m.services()[pong].events;
	REQUIRE(lane.size() > 10);
	for (size_t i = 1; i < lane.size(); i++)
		CHECK(m.event(lane[i - 1]).t <= m.event(lane[i]).t);
}

TEST_CASE("msg.push joins its msg.begin and msg.end by id, even out of file order", "[viewer][model]")
{
	TraceModel m = load("pingpong.jsonl");
	int i = m.message_index(1);
	REQUIRE(i >= 0);
	const Message &msg = m.messages()[i];
	CHECK(msg.src == 9);
	CHECK(msg.dst == 10);
	CHECK(msg.type == 10);
	REQUIRE(msg.push != NO_EVENT);
	REQUIRE(msg.begin != NO_EVENT);
	REQUIRE(msg.end != NO_EVENT);
	CHECK(m.event(msg.begin).thread == 0);
	CHECK(m.event(msg.push).t < m.event(msg.begin).t);
	CHECK(m.message_of(msg.begin) == i);
	// the socket message is joined to the sock.fwd that made it
	const Message &sockmsg = m.messages()[m.message_index(7)];
	REQUIRE(sockmsg.fwd != NO_EVENT);
	CHECK(m.event(sockmsg.fwd).sock == 5);
}

TEST_CASE("co.suspend joins co.resume, and a call joins its request and RESPONSE", "[viewer][model]")
{
	TraceModel m = load("pingpong.jsonl");
	REQUIRE(m.calls().size() == 3);
	const Call &c = m.calls()[1];
	CHECK(c.caller == 9);
	CHECK(c.callee == 10);
	CHECK(c.session == 2);
	REQUIRE(c.request >= 0);
	REQUIRE(c.response >= 0);
	CHECK(m.messages()[c.request].id == 3);
	CHECK(m.messages()[c.response].type == 1);
	CHECK(m.messages()[c.response].session == 2);
	REQUIRE(c.resume != NO_EVENT);
	CHECK(as_text(m.word(m.event(c.resume).word)) == "response");
	// every suspend in the fixture is resumed; the sleep is not a call
	for (const Wait &w : m.waits())
		CHECK(w.resume != NO_EVENT);
	const Wait &sleep = m.waits().back();
	CHECK(as_text(m.word(sleep.why)) == "sleep");
	CHECK(sleep.call == -1);
	CHECK(m.wait_of(sleep.resume) == int(m.waits().size() - 1));
}

TEST_CASE("queue length, netpack buffer, workers and coroutine state are tracked over time", "[viewer][model]")
{
	TraceModel m = load("pingpong.jsonl");
	const Service &pong = m.services()[m.service_index(10)];
	CHECK(TraceModel::sample_at(pong.queue, 29400) == 1);    // ping's request waits in pong's queue
	CHECK(TraceModel::sample_at(pong.queue, 31000) == 0);    // a worker took it
	const Socket &s = m.sockets()[m.socket_index(5)];
	CHECK(s.owner == 10);
	CHECK(TraceModel::sample_at(s.buffered, 85000) == 10);   // two packets out, a partial tail kept
	CHECK(TraceModel::sample_at(s.buffered, 102000) == 0);
	CHECK(m.workers().size() == 2);
	// pong's coroutine 2 waits for its socket until the data wakes it
	const Coroutine *co2 = nullptr;
	for (const Coroutine &c : m.coroutines())
		if (c.h == 10 && c.co == 2)
			co2 = &c;
	REQUIRE(co2);
	CHECK(m.event(m.coroutine_state_at(*co2, 80000)).kind == Kind::co_suspend);
	CHECK(m.event(m.coroutine_state_at(*co2, 90000)).kind == Kind::co_resume);
	CHECK(m.coroutine_state_at(*co2, 1000) == NO_EVENT);
}

TEST_CASE("a socket event climbs from the poll to the woken coroutine", "[viewer][model]")
{
	TraceModel m = load("pingpong.jsonl");
	// start from the netpack event in the middle of the climb
	EventId netpack = NO_EVENT;
	for (EventId e = 0; e < m.size(); e++)
		if (m.event(e).kind == Kind::netpack) {
			netpack = e;
			break;
		}
	REQUIRE(netpack != NO_EVENT);
	SocketClimb c = m.socket_climb(netpack);
	REQUIRE(c.poll != NO_EVENT);
	CHECK(m.event(c.poll).kind == Kind::sock_poll);
	CHECK(m.event(c.poll).bytes == 66);
	REQUIRE(c.fwd != NO_EVENT);
	CHECK(m.event(c.fwd).id == 7);
	REQUIRE(c.begin != NO_EVENT);
	CHECK(m.event(c.begin).kind == Kind::msg_begin);
	REQUIRE(c.lua != NO_EVENT);
	CHECK(as_text(m.word(m.event(c.lua).word)) == "buffer");
	REQUIRE(c.resume != NO_EVENT);
	CHECK(m.event(c.resume).co == 2);
	// the same climb is found from its top and its bottom
	CHECK(m.socket_climb(c.resume).poll == c.poll);
	CHECK(m.socket_climb(c.poll).resume == c.resume);
}

TEST_CASE("a garbage or truncated line is reported with its line number and the rest still loads", "[viewer][model]")
{
	TraceModel m = load("bad.jsonl");
	CHECK(m.lines() == 6);
	CHECK(m.bad_lines() == 2);
	CHECK(m.first_error().rfind("line 3: ", 0) == 0);
	CHECK(m.size() == 4);
	const Message &msg = m.messages()[m.message_index(1)];
	CHECK(msg.begin != NO_EVENT);
	CHECK(msg.end == NO_EVENT);   // its line was cut short

	TraceModel n;
	n.ingest_line("{\"ev\":\"log\"}");
	n.ingest_line("{\"t\":1,\"ev\":7}");
	CHECK(n.bad_lines() == 2);
	CHECK(n.first_error() == "line 1: no integer \"t\"");
}

TEST_CASE("the reader keeps every field trace/schema.h declares", "[model][schema]")
{
	namespace ts = trace_schema;
	for (int k = 0; k < ts::kind_count; k++) {
		for (int i = 0; i < ts::kinds[k].field_count; i++) {
			std::string_view key = ts::kinds[k].fields[i].key;
			// The format version, the harbor and `late` are read from the raw line.
			if (k == int(ts::kind::trace_start) && key != "thread")
				continue;
			INFO(ts::kinds[k].ev << " " << key);
			CHECK(trace_model_slot_of(k, key) != 0);
		}
	}
	CHECK(kind_from_name("msg.push") == Kind::msg_push);
	CHECK(kind_from_name("msg.pushed") == Kind::Unknown);
	CHECK(kind_name(Kind::co_suspend) == "co.suspend");
}

// Every data poll of a real lesson trace climbs within one message: the
// forward it made, that message's dispatch, a socket.lua or netpack action
// inside that dispatch, and the coroutine that dispatch woke (why "wakeup").
static int check_climbs(const TraceModel &m)
{
	int woken = 0;
	for (EventId e = 0; e < m.size(); e++) {
		const Event &ev = m.event(e);
		if (ev.kind != Kind::sock_poll || m.word(ev.word) != "data")
			continue;
		SocketClimb c = m.socket_climb(e);
		INFO("sock.poll on line " << ev.line);
		CHECK(c.poll == e);
		REQUIRE(c.fwd != NO_EVENT);
		CHECK(m.event(c.fwd).sock == ev.sock);
		REQUIRE(c.begin != NO_EVENT);
		int mi = m.message_of(c.begin);
		REQUIRE(mi >= 0);
		CHECK(m.messages()[mi].fwd == c.fwd);
		CHECK(m.event(c.fwd).t >= ev.t);
		CHECK(m.event(c.begin).t >= m.event(c.fwd).t);
		if (c.lua != NO_EVENT) {
			CHECK(m.event(c.lua).sock == ev.sock);
			CHECK(m.event(c.lua).t >= m.event(c.begin).t);   // never a step of an earlier dispatch
			if (m.messages()[mi].end != NO_EVENT)
				CHECK(m.event(c.lua).t <= m.event(m.messages()[mi].end).t);
		}
		if (c.resume != NO_EVENT) {
			CHECK(m.word(m.event(c.resume).word) == "wakeup");
			CHECK(m.event(c.resume).t >= m.event(c.begin).t);
			CHECK(m.socket_climb(c.resume).fwd == c.fwd);   // and back down from the top
			woken++;
		}
	}
	return woken;
}

TEST_CASE("lesson 02: each line read climbs to the coroutine its own dispatch woke", "[viewer][model]")
{
	TraceModel m = load("lesson02.jsonl");
	CHECK(check_climbs(m) >= 4);   // the server's two lines and the client's two replies
}

TEST_CASE("lesson 03: socket climbs through the gate's netpack and the client's reads", "[viewer][model]")
{
	TraceModel m = load("lesson03.jsonl");
	int woken = check_climbs(m);
	CHECK(woken >= 1);
	bool netpack_layer = false;
	for (EventId e = 0; e < m.size(); e++)
		if (m.event(e).kind == Kind::sock_poll && m.word(m.event(e).word) == "data") {
			SocketClimb c = m.socket_climb(e);
			netpack_layer |= c.lua != NO_EVENT && m.event(c.lua).kind == Kind::netpack;
		}
	CHECK(netpack_layer);
}

TEST_CASE("lesson 40: a websocket frame read climbs down to its sock.poll, and the poll up to the frame", "[viewer][model]")
{
	TraceModel m = load("lesson40.jsonl");
	int frames = 0;
	for (EventId e = 0; e < m.size(); e++) {
		const Event &ev = m.event(e);
		if (ev.kind != Kind::ws_frame || m.event(e).h != 8)   // the server's (web) frames
			continue;
		SocketClimb c = m.socket_climb(e);
		INFO("ws.frame on line " << ev.line);
		CHECK(c.proto == e);
		if (c.poll == NO_EVENT)   // a frame written outside a socket message's dispatch
			continue;
		CHECK(m.event(c.poll).sock == ev.sock);
		CHECK(m.event(c.poll).t < ev.t);
		// And back up from the bottom: the first frame that dispatch read, at or before this one.
		EventId up = m.socket_climb(c.poll).proto;
		REQUIRE(up != NO_EVENT);
		CHECK(m.event(up).kind == Kind::ws_frame);
		CHECK(m.event(up).sock == ev.sock);
		CHECK(m.event(up).t <= ev.t);
		frames++;
	}
	CHECK(frames >= 1);
}

// Lesson 30's two nodes, traced by one run: node2 says hello to node1 (one
// call), node1 plays three rounds of ping-pong and a send back.
TEST_CASE("two cluster nodes' traces pair their crossings by node and session", "[viewer][model][cluster]")
{
	TraceModel n1 = load("lesson30-node1.jsonl"), n2 = load("lesson30-node2.jsonl");
	CHECK(n1.node_name() == "node1");
	CHECK(n2.node_name() == "node2");
	CHECK(n1.cluster_events().size() == 9);
	auto crossings = cluster_join(n1, n2);
	// from node1: 3 requests and a push out, 1 response to node2's hello; from node2 the rest
	REQUIRE(crossings.size() == 9);
	int requests = 0, responses = 0;
	for (const ClusterCrossing &c : crossings) {
		const TraceModel &from = c.from_trace == 0 ? n1 : n2, &to = c.from_trace == 0 ? n2 : n1;
		const Event &out = from.event(c.from), &in = to.event(c.to);
		INFO("line " << out.line << " -> line " << in.line);
		CHECK(out.kind == Kind::cluster);
		CHECK(in.kind == Kind::cluster);
		CHECK(out.flag);          // written
		CHECK_FALSE(in.flag);     // read
		CHECK(out.session == in.session);
		CHECK(from.word(out.word) == to.word(in.word));
		(c.response ? responses : requests)++;
	}
	CHECK(requests == 5);   // hello, 3 pings, the push
	CHECK(responses == 4);
	// The same pairs whichever trace comes first.
	CHECK(cluster_join(n2, n1).size() == 9);

	// Their clocks: every request is read after it was written, once node2's
	// times are moved onto node1's clock by the offset the round trips give.
	bool found = false;
	int64_t offset = cluster_clock_offset(n1, n2, crossings, found);
	REQUIRE(found);
	for (const ClusterCrossing &c : crossings) {
		const TraceModel &from = c.from_trace == 0 ? n1 : n2, &to = c.from_trace == 0 ? n2 : n1;
		int64_t t_out = from.event(c.from).t - (c.from_trace == 1 ? offset : 0);
		int64_t t_in = to.event(c.to).t - (c.from_trace == 0 ? offset : 0);
		CHECK(t_in > t_out - 1000000);   // within the estimate's error (1 ms) of causal order
	}
}

TEST_CASE("no node, no pairs: a trace without a node event joins nothing", "[viewer][model][cluster]")
{
	TraceModel n1 = load("lesson30-node1.jsonl"), plain = load("lesson02.jsonl");
	CHECK(plain.node_name().empty());
	CHECK(cluster_join(n1, plain).empty());
	bool found = true;
	cluster_clock_offset(n1, plain, {}, found);
	CHECK_FALSE(found);
}

static TraceModel from_lines(const std::string &lines)
{
	TraceModel m;
	m.ingest_bytes(lines);
	m.finish();
	return m;
}

TEST_CASE("harbor join: a call, its answer and a multicast between two nodes pair; the round trip gives the clocks' offset", "[viewer][model][harbor]")
{
	// node 1 (harbor 1) calls :02000007, which answers; :02000008 sends node 1's
	// multicastd a publish; node 2 also writes to harbor 3, which is not here.
	TraceModel n1 = from_lines(
		"{\"t\":100,\"ev\":\"harbor\",\"h\":16777222,\"out\":true,\"src\":16777225,\"dst\":33554439,\"session\":12,\"type\":10,\"bytes\":7}\n"
		"{\"t\":400,\"ev\":\"harbor\",\"h\":16777222,\"out\":false,\"src\":33554439,\"dst\":16777225,\"session\":12,\"type\":1,\"bytes\":7}\n"
		"{\"t\":500,\"ev\":\"harbor\",\"h\":16777222,\"out\":false,\"src\":33554440,\"dst\":16777226,\"session\":1,\"type\":2,\"bytes\":18}\n");
	TraceModel n2 = from_lines(   // its clock reads 1000 more for the same instant
		"{\"t\":1200,\"ev\":\"harbor\",\"h\":33554437,\"out\":false,\"src\":16777225,\"dst\":33554439,\"session\":12,\"type\":10,\"bytes\":7}\n"
		"{\"t\":1300,\"ev\":\"harbor\",\"h\":33554437,\"out\":true,\"src\":33554439,\"dst\":16777225,\"session\":12,\"type\":1,\"bytes\":7}\n"
		"{\"t\":1450,\"ev\":\"harbor\",\"h\":33554437,\"out\":true,\"src\":33554440,\"dst\":16777226,\"session\":1,\"type\":2,\"bytes\":18}\n"
		"{\"t\":1460,\"ev\":\"harbor\",\"h\":33554437,\"out\":true,\"src\":33554440,\"dst\":50331654,\"session\":1,\"type\":2,\"bytes\":18}\n");
	REQUIRE(n1.harbor_events().size() == 3);
	CHECK(n1.event(n1.harbor_events()[0]).flag);         // out: written
	CHECK_FALSE(n1.event(n1.harbor_events()[1]).flag);   // read
	std::vector<ClusterCrossing> crossings;
	harbor_join(n1, n2, crossings);
	REQUIRE(crossings.size() == 3);   // the one to harbor 3 pairs with nothing
	int from_n1 = 0, responses = 0, calls = 0;
	for (const ClusterCrossing &c : crossings) {
		const TraceModel &from = c.from_trace == 0 ? n1 : n2, &to = c.from_trace == 0 ? n2 : n1;
		const Event &out = from.event(c.from), &in = to.event(c.to);
		CHECK(out.flag);
		CHECK_FALSE(in.flag);
		CHECK(out.h == in.h);
		CHECK(out.peer == in.peer);
		CHECK(out.session == in.session);
		from_n1 += c.from_trace == 0;
		responses += c.response;
		calls += c.caller == 16777225;   // the request and its answer; not the multicast
	}
	CHECK(from_n1 == 1);
	CHECK(responses == 1);
	CHECK(calls == 2);
	bool found = false;
	CHECK(cluster_clock_offset(n1, n2, crossings, found) == 1000);
	CHECK(found);
	// the same pairs the other way round
	std::vector<ClusterCrossing> back;
	harbor_join(n2, n1, back);
	CHECK(back.size() == 3);
}

// The loader reads a file in 8 MB pieces on a second thread and parses each
// as it lands (trace_source's FileFill); lines cross the pieces' edges, and
// these lines are short enough that the events outgrow the loader's reserve
// (reserve_for_bytes counts 60 bytes a line), so the arrays move mid-load.
TEST_CASE("a file of several read pieces loads the same events as the same bytes streamed", "[viewer][model][load]")
{
	std::string bytes;
	for (int i = 0; bytes.size() < (20u << 20); i++)
		bytes += "{\"t\":" + std::to_string(1000 + i) + ",\"ev\":\"log\",\"h\":" + std::to_string(8 + i % 5) + "}\n";
	std::string path = "/tmp/skyglass_test_pieces.jsonl";
	{
		FILE *f = std::fopen(path.c_str(), "wb");
		REQUIRE(f);
		REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
		std::fclose(f);
	}
	TraceModel file, stream;
	std::string error;
	REQUIRE(load_trace_file(path, file, error));
	std::remove(path.c_str());
	stream.ingest_bytes(bytes);
	stream.finish();
	REQUIRE(file.size() > (20u << 20) / 60);   // past the reserve
	REQUIRE(file.size() == stream.size());
	CHECK(file.bad_lines() == 0);
	for (EventId e = 0; e < file.size(); e++) {
		if (file.raw(e) != stream.raw(e) || file.event(e).t != stream.event(e).t || file.event(e).h != stream.event(e).h) {
			FAIL_CHECK("event " << e << " differs: " << as_text(file.raw(e)) << " vs " << as_text(stream.raw(e)));
			break;
		}
	}
	REQUIRE(file.services().size() == 5);
	CHECK(file.services()[0].events.size() == stream.services()[0].events.size());
}
