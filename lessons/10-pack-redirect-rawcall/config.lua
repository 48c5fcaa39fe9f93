-- lesson 10: the bytes of skynet.pack, rawcall without packing, redirect with a forged source, trash.
thread = 2
start = "main"
luaservice = "lessons/10-pack-redirect-rawcall/?.lua"
trace = "run/10-pack-redirect-rawcall.jsonl"
exit_when_idle = true -- end the run when the last service exits (skyglass; skynet keeps running)
