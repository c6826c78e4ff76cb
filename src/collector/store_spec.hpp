// The one place that reads `--store`: "sqlite:PATH" (the embedded default) or
// "clickhouse:http://HOST:PORT/?spool=PATH[&database=…][&cluster=…][&user=…][&password=…]".
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

// Opens the store `spec` names. Errors say which part of the spec is wrong, or why the store
// cannot be opened (a database from a newer ashyq, ClickHouse not answering…).
core::Result<std::unique_ptr<ObservatoryStore>> open_observatory_store(std::string_view spec);

// `spec` as it may be printed: any password replaced by "…".
std::string printable_store_spec(std::string_view spec);

}  // namespace ashyq::collector
