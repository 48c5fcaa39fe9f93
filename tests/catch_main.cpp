// catch_main: the one main() that every Catch2 test binary links.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
