// networks() and find_domains() over a handful of rows whose names, times and domains are chosen
// so each rule shows: the latest non-empty name wins, the order is count then ASN, '%' and '_'
// in a fragment match only themselves, the empty domain is never listed. One check for every
// store (tests/collector for SQLite, tests/observatory for each backend).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "collector/observatory_store.hpp"
#include "generated_rows.hpp"

namespace ashyq::collector::testing {

inline void check_networks_and_domains(ObservatoryStore& store) {
  struct Spec {
    const char* cc;
    const char* asn;
    const char* name;
    const char* time;
    const char* domain;
  };
  const Spec specs[] = {
      {"KZ", "AS1", "Old", "2026-12-01 10:00:00", "a_b.example"},
      {"KZ", "AS1", "New", "2026-12-02 10:00:00", "axb.example"},
      {"KZ", "AS1", "", "2026-12-03 10:00:00", "axb.example"},
      {"KZ", "AS2", "Two", "2026-12-01 11:00:00", "100%.example"},
      {"RU", "AS2", "Two RU", "2026-12-04 10:00:00", ""},
      {"RU", "AS3", "", "2026-12-02 12:00:00", "other.test"},
  };
  int i = 0;
  for (const auto& s : specs) {
    auto row = generated_row(i);
    row.probe_cc = s.cc;
    row.probe_asn = s.asn;
    row.probe_network_name = s.name;
    row.measurement_start_time = s.time;
    row.test_start_time = s.time;
    row.domain = s.domain;
    row.measurement_uid = std::string(s.time).substr(0, 4) + "1202100000.000000_" + s.cc +
                          "_web_connectivity_" + std::to_string(1000 + i);
    auto body = generated_body(i);
    auto added = store.insert(row, body, leaf_of(row, body));
    ASSERT_TRUE(added) << added.error().message();
    ++i;
  }
  using N = std::vector<NetworkInfo>;
  auto kz = store.networks("KZ");
  ASSERT_TRUE(kz) << kz.error().message();
  EXPECT_EQ(*kz, (N{{"AS1", "New", 3}, {"AS2", "Two", 1}}));
  auto ru = store.networks("RU");
  ASSERT_TRUE(ru) << ru.error().message();
  EXPECT_EQ(*ru, (N{{"AS2", "Two RU", 1}, {"AS3", "", 1}}));
  auto all = store.networks("");
  ASSERT_TRUE(all) << all.error().message();
  EXPECT_EQ(*all, (N{{"AS1", "New", 3}, {"AS2", "Two RU", 2}, {"AS3", "", 1}}));
  auto none = store.networks("UZ");
  ASSERT_TRUE(none) << none.error().message();
  EXPECT_TRUE(none->empty());

  using D = std::vector<std::string>;
  auto find = [&](std::string_view fragment, std::size_t limit) {
    auto found = store.find_domains(fragment, limit);
    EXPECT_TRUE(found) << found.error().message();
    return found ? *found : D{};
  };
  EXPECT_EQ(find("_", 10), (D{"a_b.example"}));
  EXPECT_EQ(find("%", 10), (D{"100%.example"}));
  EXPECT_EQ(find("AXB", 10), (D{"axb.example"}));
  EXPECT_EQ(find("example", 10), (D{"axb.example", "100%.example", "a_b.example"}));
  EXPECT_EQ(find("example", 2), (D{"axb.example", "100%.example"}));
  EXPECT_EQ(find("", 10), (D{"axb.example", "100%.example", "a_b.example", "other.test"}));
  EXPECT_EQ(find("\\", 10), D{});
  EXPECT_EQ(find("nowhere", 10), D{});
}

}  // namespace ashyq::collector::testing
