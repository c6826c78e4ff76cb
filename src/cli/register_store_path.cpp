#include "cli/register_store_path.hpp"

#include "collector/observatory_spool.hpp"
#include "collector/store_spec.hpp"

namespace ashyq::cli {

core::Result<std::string> register_store_path(const std::string& spec) {
  auto parsed = collector::parse_store_spec(spec);
  if (!parsed)
    return parsed.error();
  if (const auto* sqlite = std::get_if<collector::SqliteStoreSpec>(&*parsed)) {
    auto opened = collector::open_observatory_store(*parsed);
    if (!opened)
      return opened.error();
    return sqlite->path;
  }
  const std::string spool = std::get<collector::ClickHouseStoreSettings>(*parsed).spool_path;
  auto opened = collector::ObservatorySpool::open(spool);
  if (!opened)
    return opened.error();
  return spool;
}

}  // namespace ashyq::cli
