// One client connection: read a request under deadlines and limits, hand it to the handler pool,
// write the response, repeat while keep-alive holds. Every step is asynchronous on the connection's
// strand, so a slow or silent client costs a socket and a timer, never a thread. Internal.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>

#include "http/detail/beast_messages.hpp"
#include "http/detail/server_state.hpp"

namespace vellum::http::detail {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Registers with the server and starts reading, or answers 503 when over max_connections and 429
  // when over max_connections_per_address.
  void start();
  // Server shutdown: close now if idle between requests, else after the current response.
  void drain();
  // Server shutdown past the deadline: close the socket whatever is going on.
  void force_close();

 private:
  enum class Phase { idle, reading, handling, writing, closing };
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  void refuse_connection(Admission admission);

  // Reading
  void wait_for_request();
  void read_header();
  void on_header(const boost::beast::error_code& ec);
  void read_body();
  void on_read_error(const boost::beast::error_code& ec);
  void dispatch();
  [[nodiscard]] bool request_line_too_long() const;

  // Handling (on the handler pool)
  [[nodiscard]] Response run_handler();
  void apply_hook(Response& response);

  // Writing
  void refuse(Response response);
  void respond(Response response);
  void on_written(const boost::beast::error_code& ec);
  void write_stream(Response response, bool keep_alive);
  void produce();
  void write_chunk(bool more, bool failed);
  void write_last_chunk();
  void finish_stream(const boost::beast::error_code& ec);

  // Closing
  void linger_close();
  void discard_input();
  void close_now();
  void log_access() const;

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ServerState> state_;
  std::uint64_t id_ = 0;
  std::string remote_address_;
  std::uint16_t remote_port_ = 0;

  Phase phase_ = Phase::idle;
  bool closed_ = false;
  bool keep_alive_ = false;
  bool close_after_ = false;
  std::optional<Parser> parser_;
  std::uint64_t declared_body_ = 0;  // chunked bodies: sum of the chunk sizes announced so far
  std::function<void(std::uint64_t, boost::beast::string_view, boost::beast::error_code&)> on_chunk_header_;
  Request request_;
  std::chrono::steady_clock::time_point header_since_;  // when the header clock started: accept, or a first byte
  std::chrono::steady_clock::time_point started_;       // the current request's first byte
  std::uint64_t responses_ = 0;                          // written on this connection
  bool access_logged_ = true;
  int status_ = 0;

  std::optional<BeastResponse> response_;
  std::optional<BeastStreamHeader> stream_header_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>> serializer_;
  BodyProducer producer_;
  std::string chunk_;
  bool chunked_ = true;
  bool head_only_ = false;
  std::array<char, 4096> discard_{};
};

}  // namespace vellum::http::detail
