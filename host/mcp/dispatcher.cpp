#include "mcp/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "mcp/pagination.hpp"

namespace vellum::mcp {

namespace {

json invalid_params(const Message& request, std::string_view message) {
  return make_error(request.id, rpc::kInvalidParams, message);
}

json progress_token(const Message& request) {
  const auto meta = request.params.find("_meta");
  if (meta == request.params.end() || !meta->is_object()) return nullptr;
  const auto token = meta->find("progressToken");
  if (token == meta->end() || !(token->is_string() || token->is_number_integer())) return nullptr;
  return *token;
}

std::string scope_refusal(const Tool& tool) {
  return "Tool \"" + tool.name + "\" requires write scope, but token has read-only scope";
}

json capabilities(const Catalogue& catalogue) {
  json caps = {{"tools", {{"listChanged", false}}}, {"logging", json::object()}};
  if (catalogue.has_resources()) {
    caps["resources"] = {{"listChanged", false}, {"subscribe", catalogue.resource_subscriptions}};
  }
  if (!catalogue.prompts.empty()) caps["prompts"] = {{"listChanged", false}};
  if (catalogue.completer) caps["completions"] = json::object();
  return caps;
}

}  // namespace

Dispatcher::Dispatcher(Catalogue catalogue, DispatcherOptions options)
    : catalogue_(std::move(catalogue)), options_(std::move(options)) {}

bool Dispatcher::streams(const Message& request) noexcept {
  // Only tools report progress, log and ask the client questions; everything else answers at once.
  return request.method == "tools/call";
}

std::optional<json> Dispatcher::handle_request(Session& session, const Message& request, const Outbound& outbound) {
  const CancelFlag cancelled = session.begin_request(request.id);
  if (!cancelled) {
    return make_error(request.id, rpc::kInvalidRequest, "A request with this id is already in progress");
  }
  json response;
  try {
    response = run(session, request, outbound, *cancelled);
  } catch (const std::exception& e) {
    spdlog::error("mcp: {} failed: {}", request.method, e.what());
    response = make_error(request.id, rpc::kInternalError, "Internal error");
  } catch (...) {
    spdlog::error("mcp: {} failed with a non-exception", request.method);
    response = make_error(request.id, rpc::kInternalError, "Internal error");
  }
  session.end_request(request.id);
  if (cancelled->load()) return std::nullopt;
  return response;
}

void Dispatcher::handle_notification(Session& session, const Message& notification) {
  if (notification.method == "notifications/cancelled") {
    const auto id = notification.params.find("requestId");
    if (id != notification.params.end() && (id->is_string() || id->is_number_integer())) session.cancel(*id);
  }
  // notifications/initialized, roots/list_changed and anything unknown need no action; unknown
  // notifications must be ignored, never answered.
}

void Dispatcher::handle_response(Session& session, const Message& response) {
  if (!session.deliver_client_reply(response.id, {response.result, response.is_error})) {
    spdlog::debug("mcp: session {}: a response to no pending request was ignored", session.id());
  }
}

json Dispatcher::run(Session& session, const Message& request, const Outbound& outbound,
                     const std::atomic<bool>& cancelled) {
  const std::string& m = request.method;
  if (m == "initialize") return initialize(session, request);
  if (m == "ping") return make_result(request.id, json::object());
  if (!session.initialized()) {
    return make_error(request.id, rpc::kInvalidRequest, "The session is not initialized: send initialize first");
  }
  if (m == "tools/list") return list_tools(session, request);
  if (m == "tools/call") return call_tool(session, request, outbound, cancelled);
  if (m == "logging/setLevel") return set_level(session, request);
  if (catalogue_.has_resources()) {
    if (m == "resources/list") return list_resources(session, request, outbound, cancelled);
    if (m == "resources/templates/list") return list_templates(request);
    if (m == "resources/read") return read_resource(session, request, outbound, cancelled);
    if (catalogue_.resource_subscriptions && m == "resources/subscribe") return subscription(session, request, true);
    if (catalogue_.resource_subscriptions && m == "resources/unsubscribe") {
      return subscription(session, request, false);
    }
  }
  if (!catalogue_.prompts.empty()) {
    if (m == "prompts/list") return list_prompts(request);
    if (m == "prompts/get") return get_prompt(session, request, outbound, cancelled);
  }
  if (catalogue_.completer && m == "completion/complete") return complete(request);
  return make_error(request.id, rpc::kMethodNotFound, "Method not found: " + m);
}

json Dispatcher::initialize(Session& session, const Message& request) {
  const auto version = request.params.find("protocolVersion");
  if (version == request.params.end() || !version->is_string()) {
    return invalid_params(request, "protocolVersion is required and must be a string");
  }
  const auto info = request.params.value("clientInfo", json::object());
  const auto caps = request.params.value("capabilities", json::object());
  const std::string negotiated = negotiate_protocol_version(version->get<std::string>());
  if (!session.initialize(negotiated, info, caps)) {
    return make_error(request.id, rpc::kInvalidRequest, "Invalid Request: Server already initialized");
  }
  json server_info = {{"name", options_.identity.name}, {"version", options_.identity.version}};
  if (!options_.identity.title.empty()) server_info["title"] = options_.identity.title;
  json result = {{"protocolVersion", negotiated},
                 {"capabilities", capabilities(catalogue_)},
                 {"serverInfo", std::move(server_info)}};
  if (!options_.identity.instructions.empty()) result["instructions"] = options_.identity.instructions;
  return make_result(request.id, std::move(result));
}

json Dispatcher::list_tools(Session& session, const Message& request) {
  const auto page = requested_page(request.params, options_.page_size);
  if (!page) return invalid_params(request, "Invalid cursor");
  json all = json::array();
  for (const auto& tool : catalogue_.tools) {
    if (tool.requires_write && !session.caller().can_write()) continue;
    all.push_back(to_json(tool));
  }
  json result = json::object();
  fill_page(result, "tools", all, *page);
  return make_result(request.id, std::move(result));
}

json Dispatcher::call_tool(Session& session, const Message& request, const Outbound& outbound,
                           const std::atomic<bool>& cancelled) {
  const auto name = request.params.find("name");
  if (name == request.params.end() || !name->is_string()) return invalid_params(request, "name must be a string");
  const Tool* tool = catalogue_.find_tool(name->get<std::string>());
  if (!tool) return invalid_params(request, "Unknown tool: " + name->get<std::string>());
  json arguments = request.params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object()) return invalid_params(request, "arguments must be an object");

  ToolResult result;
  if (tool->requires_write && !session.caller().can_write()) {
    result = error_result(scope_refusal(*tool));
  } else {
    RequestContext context(session, request.id, progress_token(request), outbound, cancelled);
    try {
      result = tool->handler(arguments, context);
    } catch (const std::exception& e) {
      spdlog::error("mcp: tool {} threw: {}", tool->name, e.what());
      result = error_result("Internal error");
    }
  }
  return make_result(request.id, to_json(result));
}

json Dispatcher::list_resources(Session& session, const Message& request, const Outbound& outbound,
                                const std::atomic<bool>& cancelled) {
  const auto page = requested_page(request.params, options_.page_size);
  if (!page) return invalid_params(request, "Invalid cursor");
  RequestContext context(session, request.id, nullptr, outbound, cancelled);
  json all = json::array();
  for (const auto& source : catalogue_.resources) {
    if (!source.list) continue;
    auto listed = source.list(context);
    if (!listed) {
      spdlog::error("mcp: resources/list failed: {}", listed.error().message);
      return make_error(request.id, rpc::kInternalError, "Resources could not be listed");
    }
    for (const auto& r : listed.value()) {
      json entry = {{"uri", r.uri}, {"name", r.name}};
      if (!r.title.empty()) entry["title"] = r.title;
      if (!r.description.empty()) entry["description"] = r.description;
      if (!r.mime_type.empty()) entry["mimeType"] = r.mime_type;
      all.push_back(std::move(entry));
    }
  }
  json result = json::object();
  fill_page(result, "resources", all, *page);
  return make_result(request.id, std::move(result));
}

json Dispatcher::list_templates(const Message& request) {
  const auto page = requested_page(request.params, options_.page_size);
  if (!page) return invalid_params(request, "Invalid cursor");
  json all = json::array();
  for (const auto& source : catalogue_.resources) {
    for (const auto& t : source.templates) {
      json entry = {{"uriTemplate", t.uri_template}, {"name", t.name}};
      if (!t.title.empty()) entry["title"] = t.title;
      if (!t.description.empty()) entry["description"] = t.description;
      if (!t.mime_type.empty()) entry["mimeType"] = t.mime_type;
      all.push_back(std::move(entry));
    }
  }
  json result = json::object();
  fill_page(result, "resourceTemplates", all, *page);
  return make_result(request.id, std::move(result));
}

json Dispatcher::read_resource(Session& session, const Message& request, const Outbound& outbound,
                               const std::atomic<bool>& cancelled) {
  const auto uri = request.params.find("uri");
  if (uri == request.params.end() || !uri->is_string()) return invalid_params(request, "uri must be a string");
  RequestContext context(session, request.id, progress_token(request), outbound, cancelled);
  for (const auto& source : catalogue_.resources) {
    if (!source.read) continue;
    auto read = source.read(uri->get<std::string>(), context);
    if (!read) continue;
    if (!*read) {
      const auto& error = read->error();
      if (error.kind == sdk::ErrorKind::not_found) break;
      if (error.kind == sdk::ErrorKind::invalid_argument) return invalid_params(request, error.message);
      spdlog::error("mcp: resources/read {} failed: {}", uri->get<std::string>(), error.message);
      return make_error(request.id, rpc::kInternalError, "The resource could not be read");
    }
    return make_result(request.id, {{"contents", std::move(read->value())}});
  }
  return make_error(request.id, rpc::kResourceNotFound, "Resource not found", {{"uri", *uri}});
}

json Dispatcher::subscription(Session& session, const Message& request, bool subscribe) {
  const auto uri = request.params.find("uri");
  if (uri == request.params.end() || !uri->is_string()) return invalid_params(request, "uri must be a string");
  if (subscribe) {
    session.subscribe(uri->get<std::string>());
  } else {
    session.unsubscribe(uri->get<std::string>());
  }
  return make_result(request.id, json::object());
}

json Dispatcher::list_prompts(const Message& request) {
  const auto page = requested_page(request.params, options_.page_size);
  if (!page) return invalid_params(request, "Invalid cursor");
  json all = json::array();
  for (const auto& prompt : catalogue_.prompts) {
    json entry = {{"name", prompt.name}, {"description", prompt.description}};
    if (!prompt.title.empty()) entry["title"] = prompt.title;
    json arguments = json::array();
    for (const auto& a : prompt.arguments) {
      arguments.push_back({{"name", a.name}, {"description", a.description}, {"required", a.required}});
    }
    if (!arguments.empty()) entry["arguments"] = std::move(arguments);
    all.push_back(std::move(entry));
  }
  json result = json::object();
  fill_page(result, "prompts", all, *page);
  return make_result(request.id, std::move(result));
}

json Dispatcher::get_prompt(Session& session, const Message& request, const Outbound& outbound,
                            const std::atomic<bool>& cancelled) {
  const auto name = request.params.find("name");
  if (name == request.params.end() || !name->is_string()) return invalid_params(request, "name must be a string");
  const Prompt* prompt = catalogue_.find_prompt(name->get<std::string>());
  if (!prompt) return invalid_params(request, "Unknown prompt: " + name->get<std::string>());
  json arguments = request.params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object()) return invalid_params(request, "arguments must be an object");
  for (const auto& a : prompt->arguments) {
    if (a.required && !arguments.contains(a.name)) return invalid_params(request, a.name + " is required");
  }
  RequestContext context(session, request.id, progress_token(request), outbound, cancelled);
  auto messages = prompt->render(arguments, context);
  if (!messages) {
    if (messages.error().kind == sdk::ErrorKind::invalid_argument) return invalid_params(request, messages.error().message);
    spdlog::error("mcp: prompt {} failed: {}", prompt->name, messages.error().message);
    return make_error(request.id, rpc::kInternalError, "The prompt could not be rendered");
  }
  json result = {{"messages", std::move(messages.value())}};
  if (!prompt->description.empty()) result["description"] = prompt->description;
  return make_result(request.id, std::move(result));
}

json Dispatcher::complete(const Message& request) {
  const auto ref = request.params.find("ref");
  const auto argument = request.params.find("argument");
  if (ref == request.params.end() || !ref->is_object()) return invalid_params(request, "ref must be an object");
  if (argument == request.params.end() || !argument->is_object()) {
    return invalid_params(request, "argument must be an object");
  }
  auto completion = (*catalogue_.completer)(*ref, *argument);
  if (!completion) return invalid_params(request, completion.error().message);
  return make_result(request.id, {{"completion", std::move(completion.value())}});
}

json Dispatcher::set_level(Session& session, const Message& request) {
  const auto level = request.params.find("level");
  if (level == request.params.end() || !level->is_string()) return invalid_params(request, "level must be a string");
  const auto parsed = parse_log_level(level->get<std::string>());
  if (!parsed) {
    return invalid_params(request,
                          "level must be one of debug, info, notice, warning, error, critical, alert, emergency");
  }
  session.set_log_level(*parsed);
  return make_result(request.id, json::object());
}

}  // namespace vellum::mcp
