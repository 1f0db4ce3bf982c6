// vellum-fake-provider: a fake Ollama or OpenAI server as a process, until SIGINT or SIGTERM.
//   vellum-fake-provider --kind ollama|openai [--port N] [--dimensions D] [--model M] [--api-key K]
// Prints "listening on http://127.0.0.1:<port>" on stdout once it accepts connections.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "fakes/fake_ollama.hpp"
#include "fakes/fake_openai.hpp"

namespace {

constexpr const char* kUsage =
    "usage: vellum-fake-provider --kind ollama|openai [--port N] [--dimensions D] [--model M] [--api-key K]\n";

int usage(const std::string& problem) {
  std::cerr << "vellum-fake-provider: " << problem << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      std::cout << "A fake Ollama or OpenAI embeddings server for tests.\n" << kUsage;
      return 0;
    }
    if (!name.starts_with("--") || i + 1 >= argc) return usage("expected --name value pairs, got '" + name + "'");
    args[name.substr(2)] = argv[++i];
  }
  for (const auto& [name, value] : args) {
    if (name != "kind" && name != "port" && name != "dimensions" && name != "model" && name != "api-key") {
      return usage("unknown option --" + name);
    }
  }
  const std::string kind = args.count("kind") ? args["kind"] : "";
  if (kind != "ollama" && kind != "openai") return usage("--kind must be ollama or openai");

  vellum::test::FakeOptions options;
  try {
    if (args.count("port")) options.port = static_cast<std::uint16_t>(std::stoul(args["port"]));
    if (args.count("dimensions")) options.dimensions = std::stoul(args["dimensions"]);
  } catch (const std::exception&) {
    return usage("--port and --dimensions take numbers");
  }
  if (args.count("model")) options.model = args["model"];
  if (args.count("api-key")) options.api_key = args["api-key"];

  // Block the signals before the server starts its threads, so only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<vellum::test::FakeProvider> fake;
  try {
    if (kind == "ollama") {
      fake = std::make_unique<vellum::test::FakeOllama>(options);
    } else {
      fake = std::make_unique<vellum::test::FakeOpenAi>(options);
    }
  } catch (const std::exception& e) {
    std::cerr << "vellum-fake-provider: " << e.what() << "\n";
    return 1;
  }
  std::cout << "fake " << kind << " (" << fake->model() << ", " << fake->dimensions() << " dimensions) listening on "
            << fake->base_url() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  std::cout << "stopping after " << fake->calls() << " embed calls" << std::endl;
  return 0;
}
