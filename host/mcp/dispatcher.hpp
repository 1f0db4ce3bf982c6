// The protocol itself, independent of the transport: lifecycle (initialize, ping), tools, resources,
// prompts, completion, logging level, cancellation and replies to server-to-client requests. The HTTP
// and stdio transports hand it messages already classified and give it an Outbound for what a
// request sends while it runs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "mcp/catalogue.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/session.hpp"

namespace vellum::mcp {

struct ServerIdentity {
  std::string name = "vellum";
  std::string title = "Vellum";
  std::string version = VELLUM_VERSION;
  std::string instructions;
};

struct DispatcherOptions {
  ServerIdentity identity;
  std::size_t page_size = 100;  // tools, resources, templates and prompts per list page
};

class Dispatcher {
 public:
  Dispatcher(Catalogue catalogue, DispatcherOptions options);

  // Runs one request to its response. nullopt when the client cancelled it: a cancelled request gets
  // no response (cancellation spec). Never throws.
  [[nodiscard]] std::optional<json> handle_request(Session& session, const Message& request, const Outbound& outbound);
  // Notifications and responses to our own requests; never answered. Never throws.
  void handle_notification(Session& session, const Message& notification);
  void handle_response(Session& session, const Message& response);

  // Whether a request may send messages while it runs (and so deserves an SSE response over HTTP).
  [[nodiscard]] static bool streams(const Message& request) noexcept;

  [[nodiscard]] const Catalogue& catalogue() const noexcept { return catalogue_; }

 private:
  [[nodiscard]] json run(Session& session, const Message& request, const Outbound& outbound,
                         const std::atomic<bool>& cancelled);
  [[nodiscard]] json initialize(Session& session, const Message& request);
  [[nodiscard]] json list_tools(Session& session, const Message& request);
  [[nodiscard]] json call_tool(Session& session, const Message& request, const Outbound& outbound,
                               const std::atomic<bool>& cancelled);
  [[nodiscard]] json list_resources(Session& session, const Message& request, const Outbound& outbound,
                                    const std::atomic<bool>& cancelled);
  [[nodiscard]] json list_templates(const Message& request);
  [[nodiscard]] json read_resource(Session& session, const Message& request, const Outbound& outbound,
                                   const std::atomic<bool>& cancelled);
  [[nodiscard]] json subscription(Session& session, const Message& request, bool subscribe);
  [[nodiscard]] json list_prompts(const Message& request);
  [[nodiscard]] json get_prompt(Session& session, const Message& request, const Outbound& outbound,
                                const std::atomic<bool>& cancelled);
  [[nodiscard]] json complete(const Message& request);
  [[nodiscard]] json set_level(Session& session, const Message& request);

  Catalogue catalogue_;
  DispatcherOptions options_;
};

}  // namespace vellum::mcp
