// trace_steps: `skyglass trace steps` — whether a lesson's steps happen in order in a trace, with the one matcher (trace/lesson_match).
#pragma once

// steps IN.jsonl LESSON_DIR: prints "ok step N: text" per step found; exit 0
// when all are, 1 with "FAIL: ..." naming the first missing step (or a tag no
// source marks), 2 on bad usage or an unreadable file.
// With `follow`, IN.jsonl is a trace still being written: each step is printed
// as it settles (with its tag and event), until standard input ends, which
// says the runtime has exited (tests/lessons/check_lesson.py closes it).
int trace_steps(const char *trace, const char *lesson_dir, bool follow);
