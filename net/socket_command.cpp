// socket_command: pushing and taking typed socket commands, and the pipe that wakes a sleeping socket thread.
#include "net/socket_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace socket_internal {

bool command_queue_open(command_queue &q)
{
	int fds[2];
	// The read end is non-blocking so that emptying it stops at EAGAIN.
	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	q.bell_read = fds[0];
	q.bell_write = fds[1];
	return true;
}

// What a command that never ran owned.
static void drop(socket_command &command)
{
	if (auto *send = std::get_if<cmd_send>(&command))
		free(send->buffer);
	else if (auto *listen = std::get_if<cmd_listen>(&command))
		close(listen->fd);
	else if (auto *udp = std::get_if<cmd_udp_open>(&command))
		close(udp->fd);
	// cmd_bind's fd was the process's before (stdin): not ours to close.
}

void command_queue_close(command_queue &q)
{
	for (size_t i = q.taken_pos; i < q.taken.size(); i++)
		drop(q.taken[i]);
	q.taken.clear();
	q.taken_pos = 0;
	{
		std::lock_guard g(q.lock);
		for (socket_command &command : q.queued)
			drop(command);
		q.queued.clear();
	}
	if (q.bell_read >= 0)
		close(q.bell_read);
	if (q.bell_write >= 0)
		close(q.bell_write);
	q.bell_read = q.bell_write = -1;
}

// With q.lock held: queue the command; true when the doorbell must ring.
static bool push_locked(command_queue &q, socket_command &command)
{
	q.queued.push_back(std::move(command));
	bool ring = q.sleeping && !q.rung;
	q.rung = q.rung || ring;
	return ring;
}

void command_queue_push(command_queue &q, socket_command command)
{
	bool ring;
	{
		std::unique_lock g(q.lock);
		q.space.wait(g, [&] { return q.queued.size() < MAX_QUEUED_COMMANDS; });
		ring = push_locked(q, command);
	}
	if (ring)
		command_queue_ring(q);
}

bool command_queue_push_now(command_queue &q, socket_command command)
{
	std::lock_guard g(q.lock);
	return push_locked(q, command);
}

void command_queue_ring(command_queue &q)
{
	char bell = 0;
	while (write(q.bell_write, &bell, 1) < 0 && errno == EINTR) {
	}
}

bool command_queue_take(command_queue &q)
{
	bool was_full;
	q.taken.clear();
	q.taken_pos = 0;
	{
		std::lock_guard g(q.lock);
		if (q.queued.empty())
			return false;
		was_full = q.queued.size() >= MAX_QUEUED_COMMANDS;
		q.taken.swap(q.queued);
	}
	if (was_full)
		q.space.notify_all();
	return true;
}

socket_command *command_queue_next(command_queue &q)
{
	if (q.taken_pos >= q.taken.size())
		return nullptr;
	return &q.taken[q.taken_pos++];
}

bool command_queue_sleep(command_queue &q)
{
	std::lock_guard g(q.lock);
	if (!q.queued.empty())
		return false;
	q.sleeping = true;
	return true;
}

bool command_queue_pending(command_queue &q)
{
	std::lock_guard g(q.lock);
	return !q.queued.empty();
}

void command_queue_woke(command_queue &q)
{
	std::lock_guard g(q.lock);
	q.sleeping = false;
	q.rung = false;
}

void command_queue_empty_bell(command_queue &q)
{
	char bells[64];
	while (read(q.bell_read, bells, sizeof(bells)) > 0) {
	}
}

} // namespace socket_internal
