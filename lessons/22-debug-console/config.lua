-- lesson 22: the debug console: inspect a running program with skynet's console commands.
thread = 2
start = "main"
luaservice = "lessons/22-debug-console/?.lua"
trace = "run/22-debug-console.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
-- To keep the console open for nc, telnet or curl (see README), add:
-- console_port = 8000
-- stay = "yes"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
