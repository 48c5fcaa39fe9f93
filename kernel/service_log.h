// service_log: a file of every message one service receives, switched by LOGON/LOGOFF (skynet_log's twin).
#pragma once
#include <cstddef>
#include <cstdint>
#include <atomic>
#include <cstdio>

struct skynet_context;

// Opens (appends to) `logpath`/<handle as %08x>.log and writes its "open time"
// line; logs "Open log file PATH" (or "... fail") through ctx as skynet does.
// Returns null when `logpath` is not in the config or the file cannot open.
FILE *service_log_open(skynet_context *ctx, uint32_t handle);
// Takes the file out of `slot`, writes its "close time" line and closes it;
// logs "Close log file :%08x". Nothing when the slot is empty.
void service_log_close(skynet_context *ctx, std::atomic<FILE *> &slot, uint32_t handle);
// One message as skynet writes it: ":source type session now hexbytes", to the
// file in `slot` if there still is one (a LOGOFF may have closed it meanwhile).
void service_log_output(std::atomic<FILE *> &slot, uint32_t source, int type, int session, const void *data, size_t sz);
