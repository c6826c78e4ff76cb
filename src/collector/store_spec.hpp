// The one place that reads `--store`: "sqlite:PATH" (the embedded default) or
// "clickhouse:http://HOST:PORT/?spool=PATH[&database=…][&cluster=…][&user=…][&password=…]".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "collector/clickhouse_observatory.hpp"
#include "collector/observatory_store.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

// What a spec names: a SQLite file, or ClickHouse and its settings.
struct SqliteStoreSpec {
  std::string path;
};
using StoreSpec = std::variant<SqliteStoreSpec, ClickHouseStoreSettings>;

// Reads `spec`; an error (where "--store …") says which part of it is wrong. Nothing is opened.
core::Result<StoreSpec> parse_store_spec(std::string_view spec);

// Opens the store; an error says why it cannot be (a database from a newer ashyq, ClickHouse not
// answering…).
core::Result<std::unique_ptr<ObservatoryStore>> open_observatory_store(const StoreSpec& spec);

// `spec` as it may be printed: any password replaced by "…".
std::string printable_store_spec(std::string_view spec);

}  // namespace ashyq::collector
