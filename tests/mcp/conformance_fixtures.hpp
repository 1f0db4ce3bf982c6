// The fixture tools, resources and prompts the official conformance suite calls by name (the
// "everything server" contract: test_simple_text, test://static-text, test_simple_prompt, …). Test
// tree only: compiled into mcp_test_server and mcp_tests, never into vellum.
#pragma once

#include "mcp/catalogue.hpp"

namespace vellum::test {

// Appends the fixtures to `catalogue` and turns on what they need (subscriptions, completion).
void add_conformance_fixtures(mcp::Catalogue& catalogue);

}  // namespace vellum::test
