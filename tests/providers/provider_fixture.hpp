// Loads a real provider plugin (.so) with settings written as an operator would, e.g.
//   auto provider = load_ollama(fake, {{"max_inputs_per_call", "16"}});
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "fakes/fake_ollama.hpp"
#include "fakes/fake_openai.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::test {

using Settings = std::map<std::string, std::string, std::less<>>;

// The plugin's factory result (an error when the settings are refused).
sdk::Result<sdk::ProviderPtr> try_load_provider(std::string_view plugin, const Settings& settings);

// Ollama / OpenAI pointed at `fake`, with the fake's model and dimensions unless `settings` says
// otherwise. Fails the test when the plugin will not load.
sdk::ProviderPtr load_ollama(const FakeProvider& fake, Settings settings = {});
sdk::ProviderPtr load_openai(const FakeProvider& fake, Settings settings = {});

// `count` distinct texts: "text 0", "text 1", …
std::vector<std::string> numbered_texts(std::size_t count, std::string_view prefix = "text ");

// Options whose deadline is `from_now` away.
sdk::EmbedOptions with_deadline(std::chrono::milliseconds from_now);

// Seconds since `start`, for "finished before a generous bound" checks.
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace vellum::test
