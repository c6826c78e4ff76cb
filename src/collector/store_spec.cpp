#include "collector/store_spec.hpp"

#include <regex>

#include "collector/sqlite_observatory.hpp"

namespace ashyq::collector {

core::Result<StoreSpec> parse_store_spec(std::string_view spec) {
  constexpr std::string_view kSqlite = "sqlite:", kClickHouse = "clickhouse:";
  if (spec.starts_with(kSqlite) && spec.size() > kSqlite.size())
    return StoreSpec(SqliteStoreSpec{std::string(spec.substr(kSqlite.size()))});
  if (spec.starts_with(kClickHouse)) {
    auto settings = parse_clickhouse_store(spec.substr(kClickHouse.size()));
    if (!settings)
      return settings.error();
    return StoreSpec(std::move(settings).value());
  }
  return core::Error{"--store '" + printable_store_spec(spec) + "'",
                     "expected sqlite:PATH or clickhouse:http://HOST:PORT/?spool=PATH"};
}

core::Result<std::unique_ptr<ObservatoryStore>> open_observatory_store(const StoreSpec& spec) {
  if (const auto* sqlite = std::get_if<SqliteStoreSpec>(&spec)) {
    auto opened = SqliteObservatory::open(sqlite->path);
    if (!opened)
      return opened.error();
    return std::unique_ptr<ObservatoryStore>(std::move(opened).value());
  }
  auto opened = ClickHouseObservatory::open(std::get<ClickHouseStoreSettings>(spec));
  if (!opened)
    return opened.error();
  return std::unique_ptr<ObservatoryStore>(std::move(opened).value());
}

std::string printable_store_spec(std::string_view spec) {
  static const std::regex password("([?&]password=)[^&]*");
  return std::regex_replace(std::string(spec), password, "$1…");
}

}  // namespace ashyq::collector
