// Catch2's main in its own translation unit: it is slow to compile and never changes.
// Every run adds `--warn NoTests`, so a test name that matches nothing (a renamed test, or a name
// CTest split at a ';') fails instead of passing without running anything.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <vector>

int main(int argc, char* argv[]) {
  std::vector<const char*> args(argv, argv + argc);
  args.push_back("--warn");
  args.push_back("NoTests");
  return Catch::Session().run(static_cast<int>(args.size()), args.data());
}
