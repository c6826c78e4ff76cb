// Register files an editor imports, JSON, TOML or CSV (the first byte chooses: odd TOML, else
// bit 1 set CSV, else JSON; the seeds start with '0', '1' or '2'): the strict readers and their
// line maps, the public view, the links to measurements, outlets' timelines, the entries naming a
// domain. A register that reads must write and read back to itself, as JSON and as CSV (checked: a
// difference aborts, so the fuzzer reports it).
#include "register/register_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json_lines.hpp"
#include "register/naming_entries.hpp"
#include "register/order_links.hpp"
#include "register/outlet_timeline.hpp"
#include "register/register_csv.hpp"
#include "register/register_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  using namespace ashyq::legal;
  const RegisterFormat format = (data[0] & 1)   ? RegisterFormat::toml
                                : (data[0] & 2) ? RegisterFormat::csv
                                                : RegisterFormat::json;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (format == RegisterFormat::json)
    (void)ashyq::core::JsonLines(text).line_of("orders[0].id");
  auto reg = parse_register(text, format, "fuzz");
  if (!reg)
    return 0;

  auto again = register_from_json(register_to_json(*reg, Audience::editors));
  if (!again || !(*again == *reg))
    std::abort();
  auto shown = register_from_json(register_to_json(*reg, Audience::public_readers));
  if (!shown || !(*shown == published_view(*reg)))
    std::abort();

  // Each target's domain, measured blocked on one day and accessible on another.
  std::vector<Observation> observations;
  for (const Order& order : reg->orders)
    for (const OrderTarget& target : order.targets) {
      observations.push_back({target.value, "KZ", "AS1", "2026-01-01 00:00:00", Outcome::blocked});
      observations.push_back({"www." + target.value, "KZ", "AS2", order.date_issued + " 12:00:00",
                              Outcome::accessible});
    }
  (void)link_orders(*reg, observations);
  for (const Outlet& outlet : reg->outlets)
    (void)outlet_timeline(*reg, outlet, observations);
  for (const Observation& o : observations)
    (void)entries_naming(*reg, o.domain);

  for (auto audience : {Audience::editors, Audience::public_readers}) {
    auto from_csv = parse_register(register_to_csv(*reg, audience), RegisterFormat::csv, "csv");
    if (!from_csv || !(*from_csv == (audience == Audience::editors ? *reg : published_view(*reg))))
      std::abort();
  }
  return 0;
}
