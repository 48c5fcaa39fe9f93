// test_config_loader: a skynet config file becomes string keys in the environment.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "kernel/config.h"
#include "lua/config_loader.h"
#include "kernel/skynet.h"
#include "tests/kernel/kernel_support.h"

static std::string env(const char *key)
{
	const char *v = skynet_getenv(key);
	return v ? v : "(unset)";
}

TEST_CASE("config_load turns every key into a string, following include and $NAME", "[config]")
{
	temp_dir dir;
	setenv("SKYGLASS_KTEST_ROOT", "/opt/kt", 1);
	dir.write("other.lua", "from_other = \"yes\"\nthread = 8\n");
	std::string path = dir.write("config.lua",
		"-- a comment\n"
		"thread = 4\n"
		"include \"other.lua\"\n" // relative to this file, not to the working directory
		"root = \"$SKYGLASS_KTEST_ROOT/lib\"\n"
		"ratio = 2.5\n"
		"daemon = false\n"
		"verbose = true\n"
		"start = \"main\"\n");
	env_clear();
	std::string error;
	bool loaded = config_load(path.c_str(), error);
	INFO(error);
	REQUIRE(loaded);
	CHECK(env("from_other") == "yes");
	CHECK(env("thread") == "8"); // the include ran after `thread = 4`: last assignment wins
	CHECK(env("root") == "/opt/kt/lib");
	CHECK(env("ratio") == "2.5");
	CHECK(env("daemon") == "false");
	CHECK(env("verbose") == "true");
	CHECK(env("start") == "main");
	CHECK(env("include") == "(unset)"); // the loader's helper is not a key
	env_clear();
	unsetenv("SKYGLASS_KTEST_ROOT");
}

TEST_CASE("$HOME in a config is the user's home directory", "[config]")
{
	const char *home = getenv("HOME");
	REQUIRE(home != nullptr);
	temp_dir dir;
	std::string path = dir.write("config.lua", "logpath = \"$HOME/logs\"\n");
	env_clear();
	std::string error;
	REQUIRE(config_load(path.c_str(), error));
	CHECK(env("logpath") == std::string(home) + "/logs");
	env_clear();
}

TEST_CASE("a config value that is a table is an error naming the key and the file", "[config]")
{
	temp_dir dir;
	std::string path = dir.write("config.lua", "thread = 2\nservices = { \"a\", \"b\" }\n");
	env_clear();
	std::string error;
	CHECK_FALSE(config_load(path.c_str(), error));
	CHECK_THAT(error, Catch::Contains("'services'") && Catch::Contains(path) && Catch::Contains("table"));
	env_clear();
}

TEST_CASE("a config with a syntax error names the file and the line", "[config]")
{
	temp_dir dir;
	std::string path = dir.write("config.lua", "thread = 2\n\nstart = = \"main\"\n");
	env_clear();
	std::string error;
	CHECK_FALSE(config_load(path.c_str(), error));
	CHECK_THAT(error, Catch::Contains(path + ":3:"));
	env_clear();
}

TEST_CASE("a config that names an unset environment variable is an error naming it", "[config]")
{
	temp_dir dir;
	unsetenv("SKYGLASS_KTEST_UNSET");
	std::string path = dir.write("config.lua", "root = \"$SKYGLASS_KTEST_UNSET/x\"\n");
	env_clear();
	std::string error;
	CHECK_FALSE(config_load(path.c_str(), error));
	CHECK_THAT(error, Catch::Contains("$SKYGLASS_KTEST_UNSET") && Catch::Contains(path));
	env_clear();
}

TEST_CASE("a missing config file, or a missing include, is an error naming it", "[config]")
{
	temp_dir dir;
	std::string missing = dir.file("absent.lua");
	std::string error;
	CHECK_FALSE(config_load(missing.c_str(), error));
	CHECK_THAT(error, Catch::Contains(missing));

	std::string path = dir.write("config.lua", "include \"nowhere.lua\"\n");
	error.clear();
	CHECK_FALSE(config_load(path.c_str(), error));
	CHECK_THAT(error, Catch::Contains(dir.file("nowhere.lua")));
	env_clear();
}

TEST_CASE("an environment key is set once; later setenv calls do not change it", "[config][env]")
{
	env_clear();
	CHECK(skynet_setenv("kt_key", "first"));
	CHECK_FALSE(skynet_setenv("kt_key", "second"));
	CHECK(env("kt_key") == "first");
	env_clear();
	CHECK(env("kt_key") == "(unset)");
}

TEST_CASE("a config that never ends, or grows without bound, is an error instead of a hang", "[config]")
{
	temp_dir dir;
	std::string error;
	std::string loop = dir.write("loop.lua", "thread = 2\nwhile true do end\n");
	env_clear();
	CHECK_FALSE(config_load(loop.c_str(), error));
	CHECK_THAT(error, Catch::Contains(loop + ":2:") && Catch::Contains("runs too long"));

	std::string big = dir.write("big.lua", "s = (\"x\"):rep(200 * 1024 * 1024)\n");
	error.clear();
	CHECK_FALSE(config_load(big.c_str(), error));
	CHECK_THAT(error, Catch::Contains(big) && Catch::Contains("needs more than 64 MiB"));
	env_clear();
}
