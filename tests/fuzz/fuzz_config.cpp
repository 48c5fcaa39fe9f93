// fuzz_config: any config file text makes config_load return true, or false with an error that says "config error"; never a crash, a hang or a runaway allocation.
//
// The loader (lua/config_loader.cpp) runs the text as Lua in an empty sandbox
// table with `include` and `$NAME` expansion, under an instruction and a
// memory budget. Inputs that name device or proc files are skipped: an
// `include "../dev/stdin"` would wait for input forever, which is the
// fuzzer's terminal and not a bug of the loader.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "kernel/config.h"
#include "lua/config_loader.h"

namespace {

const std::string &config_path()
{
	static const std::string path = [] {
		char dir[] = "/tmp/fuzz_config.XXXXXX";
		if (!mkdtemp(dir)) {
			perror("fuzz_config: mkdtemp");
			abort();
		}
		return std::string(dir) + "/config.lua";
	}();
	return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::string text(reinterpret_cast<const char *>(data), size);
	for (const char *special : {"dev", "proc", "fd"})
		if (text.find(special) != std::string::npos)
			return -1; // not added to the corpus
	const std::string &path = config_path();
	FILE *f = fopen(path.c_str(), "wb");
	if (!f)
		abort();
	fwrite(text.data(), 1, text.size(), f);
	fclose(f);
	env_clear();
	std::string error;
	if (!config_load(path.c_str(), error) && error.find("config error") == std::string::npos) {
		fprintf(stderr, "fuzz_config: a failed load without a config error: '%s'\n", error.c_str());
		abort();
	}
	return 0;
}
