// lanes: the chart's rows — a repeated name gets its handle, services sharing a name fold into a group, rows sort by name, address or activity.
#include "viewer/app/lanes.h"

#include <algorithm>
#include <map>
#include <unordered_map>

bool lane_shown(const TraceModel &m, int service)
{
	const Service &s = m.services()[size_t(service)];
	return !(s.handle == 0 && s.events.size() <= 2 && s.queue.empty());
}

std::string lane_group_key(const TraceModel &m, int service)
{
	// "agent 12" and "agent 13" are both agents: the first word is the script.
	std::string label = m.service_label(m.services()[size_t(service)].handle);
	return label.substr(0, label.find(' '));
}

std::vector<std::string> lane_labels(const TraceModel &m)
{
	std::vector<std::string> labels;
	std::unordered_map<std::string, int> seen;
	labels.reserve(m.services().size());
	for (const Service &s : m.services())
		seen[labels.emplace_back(m.service_label(s.handle))]++;
	for (size_t i = 0; i < labels.size(); i++)
		if (seen[labels[i]] > 1 && m.services()[i].handle != 0)
			labels[i] += " " + format_handle(m.services()[i].handle);
	return labels;
}

const char *lane_order_name(LaneOrder o)
{
	switch (o) {
	case LaneOrder::Name: return "name";
	case LaneOrder::Activity: return "activity";
	default: return "address";
	}
}

LaneLayout lanes_build(const TraceModel &m, const ViewState &v)
{
	LaneLayout out;
	const std::vector<Service> &svcs = m.services();
	std::vector<std::string> labels = lane_labels(m);
	std::vector<int> order;
	for (size_t i = 0; i < svcs.size(); i++)
		if (lane_shown(m, int(i)))
			order.push_back(int(i));
	auto before = [&](int a, int b) {
		switch (v.lane_order) {
		case LaneOrder::Name:
			if (labels[size_t(a)] != labels[size_t(b)])
				return labels[size_t(a)] < labels[size_t(b)];
			break;
		case LaneOrder::Activity:   // the busiest first
			if (svcs[size_t(a)].events.size() != svcs[size_t(b)].events.size())
				return svcs[size_t(a)].events.size() > svcs[size_t(b)].events.size();
			break;
		default:
			break;
		}
		return svcs[size_t(a)].handle < svcs[size_t(b)].handle;
	};
	std::stable_sort(order.begin(), order.end(), before);

	// A group sits where its first member (in this order) would; its
	// members follow in the same order.
	std::map<std::string, std::vector<int>> groups;
	std::vector<std::string> keys(svcs.size());
	for (int s : order)
		groups[keys[size_t(s)] = v.lane_groups ? lane_group_key(m, s) : std::string()].push_back(s);
	out.of_service.assign(svcs.size(), -1);
	auto add = [&](LaneRow row) {
		for (int s : row.services)
			out.of_service[size_t(s)] = int(out.rows.size());
		out.rows.push_back(std::move(row));
	};
	for (int s : order) {
		const std::vector<int> &members = groups[keys[size_t(s)]];
		bool grouped = v.lane_groups && members.size() > 1;
		if (!grouped) {
			add({LaneRow::One, {s}, labels[size_t(s)], "", 1});
			continue;
		}
		if (members.front() != s)
			continue;   // drawn with its group
		const std::string &key = keys[size_t(s)];
		auto it = v.lane_collapsed.find(key);
		bool collapsed = it != v.lane_collapsed.end() ? it->second : int(members.size()) >= GROUP_FOLD;
		if (collapsed) {
			add({LaneRow::Collapsed, members, key, key, int(members.size())});
			continue;
		}
		add({LaneRow::Header, {}, key, key, int(members.size())});
		for (int x : members)
			add({LaneRow::One, {x}, labels[size_t(x)], key, 1});
	}
	return out;
}
