#include "collector/store_spec.hpp"

#include <regex>

#include "collector/clickhouse_observatory.hpp"
#include "collector/sqlite_observatory.hpp"

namespace ashyq::collector {

core::Result<std::unique_ptr<ObservatoryStore>> open_observatory_store(std::string_view spec) {
  constexpr std::string_view kSqlite = "sqlite:", kClickHouse = "clickhouse:";
  if (spec.starts_with(kSqlite) && spec.size() > kSqlite.size()) {
    auto opened = SqliteObservatory::open(std::string(spec.substr(kSqlite.size())));
    if (!opened)
      return opened.error();
    return std::unique_ptr<ObservatoryStore>(std::move(opened).value());
  }
  if (spec.starts_with(kClickHouse)) {
    auto settings = parse_clickhouse_store(spec.substr(kClickHouse.size()));
    if (!settings)
      return settings.error();
    auto opened = ClickHouseObservatory::open(std::move(settings).value());
    if (!opened)
      return opened.error();
    return std::unique_ptr<ObservatoryStore>(std::move(opened).value());
  }
  return core::Error{"--store '" + printable_store_spec(spec) + "'",
                     "expected sqlite:PATH or clickhouse:http://HOST:PORT/?spool=PATH"};
}

std::string printable_store_spec(std::string_view spec) {
  static const std::regex password("([?&]password=)[^&]*");
  return std::regex_replace(std::string(spec), password, "$1…");
}

}  // namespace ashyq::collector
