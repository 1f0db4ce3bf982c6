// Prepared statements of one connection, kept for the next query with the same text.
//
// SOCI prepares a statement each time one is built and finalises it when it goes. For SQLite that is
// the SQL parser and query planner on every call — measured at a third of the queue worker's CPU —
// and for PostgreSQL a Parse and a DEALLOCATE round trip around every query. The repositories send
// the same texts again and again (values always travel as bound parameters), so each connection
// keeps the statements it ran most recently and runs them again with new values.
//
// SOCI binds `use` and `into` by reference when a statement is built, so a kept statement owns what
// it is bound to: a copy of the Params it was built with, whose values each run overwrites, and one
// output row. Callers read results from that row while the query lasts; both are emptied after it.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include <soci/soci.h>

#include "sql_util.hpp"

namespace vellum::storage_sql {

// A statement with the parameter slots and output row it is bound to.
struct PreparedStatement {
  std::string text;
  std::type_index row_type = typeid(void);
  std::shared_ptr<void> row;                   // the `into` targets, of type row_type
  std::unique_ptr<Params> params;              // the `use` targets
  std::unique_ptr<soci::statement> statement;  // declared last: destroyed before what it is bound to
};

class StatementCache {
 public:
  explicit StatementCache(std::size_t capacity) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The kept statement for `text`, now owned by the caller; nullptr when there is none. A statement
  // in use is out of the cache, so a nested query with the same text prepares its own.
  std::unique_ptr<PreparedStatement> take(const std::string& text);
  // Keeps `statement` as the most recently used, dropping the least recently used beyond capacity.
  void give_back(std::unique_ptr<PreparedStatement> statement);
  // Drops every statement (the schema changed under them).
  void clear();

  // A statement whose run failed is never run again, but it cannot go yet: PostgreSQL refuses every
  // command in a failed transaction, the DEALLOCATE that finalising a statement sends included, and
  // the statement would stay prepared on the server for the connection's lifetime, one per failure.
  void retire(std::unique_ptr<PreparedStatement> statement);
  // Finalises the retired statements; called once the transaction they failed in has ended.
  void drop_retired();

 private:
  using Order = std::list<std::unique_ptr<PreparedStatement>>;
  std::size_t capacity_;
  Order order_;  // most recently used first
  std::unordered_map<std::string, Order::iterator> by_text_;
  std::vector<std::unique_ptr<PreparedStatement>> retired_;
};

// A row type for statements without results.
struct NoRow {
  void bind(soci::details::prepare_temp_type&) {}
};

// One run of `text` with `params`: the cached statement when the connection has one for this text,
// else a new one, kept afterwards. Row binds its members as `into` targets (`void bind(prepare_temp_type&)`).
// The statement goes back to the cache when the query ends; one that threw is retired instead (never
// run again: SOCI does not say what state a failed statement is left in).
template <class Row = NoRow>
class CachedQuery {
 public:
  CachedQuery(SqlContext ctx, std::string text, const Params& params) : ctx_(ctx) {
    if (ctx_.statements) prepared_ = ctx_.statements->take(text);
    if (prepared_ && (prepared_->row_type != typeid(Row) || !prepared_->params->assign_values(params))) {
      prepared_.reset();  // the same text bound another way: build it afresh
    }
    if (!prepared_) prepared_ = prepare(std::move(text), params);
    row_ = static_cast<Row*>(prepared_->row.get());
  }
  CachedQuery(const CachedQuery&) = delete;
  CachedQuery& operator=(const CachedQuery&) = delete;

  ~CachedQuery() {
    if (!prepared_ || !ctx_.statements) return;
    if (failed_) {
      ctx_.statements->retire(std::move(prepared_));
      return;
    }
    try {
      ctx_.dialect.finish(*prepared_->statement);
    } catch (...) {
      return;
    }
    // A kept statement keeps no data between runs: the last article's content or a chunk's vector
    // would otherwise stay in memory, per statement and connection, until its next use. The bound
    // objects stay where they are (SOCI holds their addresses); only their values go.
    prepared_->params->release_values();
    *row_ = Row{};
    ctx_.statements->give_back(std::move(prepared_));
  }

  // Runs a statement without results; the number of rows it changed.
  long long execute() {
    return guard([&] {
      prepared_->statement->execute(true);
      return prepared_->statement->get_affected_rows();
    });
  }
  // Runs a query; rows are then read one at a time with next().
  void open() {
    guard([&] { return prepared_->statement->execute(false); });
  }
  // Reads the next row into row(); false after the last.
  bool next() {
    return guard([&] { return prepared_->statement->fetch(); });
  }
  [[nodiscard]] Row& row() { return *row_; }

 private:
  std::unique_ptr<PreparedStatement> prepare(std::string text, const Params& params) {
    auto prepared = std::make_unique<PreparedStatement>();
    auto row = std::make_shared<Row>();
    prepared->row_type = typeid(Row);
    prepared->params = params.copy();
    soci::details::prepare_temp_type builder = (ctx_.sql.prepare << text);
    row->bind(builder);
    prepared->params->bind(builder);
    prepared->statement = std::make_unique<soci::statement>(builder);
    prepared->row = std::move(row);
    prepared->text = std::move(text);
    return prepared;
  }

  template <class F>
  auto guard(F&& step) {
    try {
      return step();
    } catch (...) {
      failed_ = true;
      throw;
    }
  }

  SqlContext ctx_;
  bool failed_ = false;
  std::unique_ptr<PreparedStatement> prepared_;
  Row* row_ = nullptr;
};

}  // namespace vellum::storage_sql
