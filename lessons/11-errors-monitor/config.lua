-- lesson 11: errors and the monitor: an error in a dispatch, a dead service, an endless loop.
thread = 2
start = "main"
luaservice = "lessons/11-errors-monitor/?.lua"
trace = "run/11-errors-monitor.jsonl"
-- The monitor thread checks the workers every monitor_interval ms (5000 by
-- default, as skynet's); 1 s keeps the lesson short.
monitor_interval = 1000
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
