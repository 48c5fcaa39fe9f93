# server_wait.sh: sourced by the bench scripts that start a server and load it:
# whether a port listens, waiting for it, and a process's CPU ticks, from /proc.

# Whether 127.0.0.1:$1 is listening, from /proc/net/tcp (state 0A), without
# connecting to it: a probe connection would be a client the server must serve.
listening() {
	hex=$(printf '0100007F:%04X' "$1")
	awk -v a="$hex" '$2 == a && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}

# wait_listening PORT PID: up to 10 s for process PID to listen on PORT; on
# failure (it exited, or never listened) it is killed and the status is 1.
wait_listening() {
	tries=0
	until listening "$1"; do
		tries=$((tries + 1))
		if [ $tries -gt 100 ] || ! kill -0 "$2" 2>/dev/null; then
			kill "$2" 2>/dev/null || true
			return 1
		fi
		sleep 0.1
	done
}

# user+sys clock ticks of process $1 (fields 14 and 15 of /proc/PID/stat; the
# command name in field 2 is cut first, as it may hold spaces).
cpu_ticks() {
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
