// Rows for the store and read-API tests: 60 measurements over three days, two countries, three
// networks and four domains, with anomaly/confirmed/failure in a known pattern, so every count a
// test expects can be worked out by hand from `generated_row`.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "collector/measurement_leaf.hpp"
#include "collector/observatory_row.hpp"
#include "collector/observatory_store.hpp"

namespace ashyq::collector::testing {

inline constexpr int kGeneratedRows = 60;

// Row i (0 ≤ i < 60):
//   day 2026-12-0(1 + i % 3), time 10:00:ss with ss = i
//   probe_cc KZ for even i, RU for odd; probe_asn AS9198 (i % 3 == 0), AS48503 (1), AS12389 (2)
//   domain d{i % 4}.example, input http://d{i % 4}.example/, category NEWS for i % 4 == 0
//   failure when i % 10 == 9; confirmed when i % 10 == 0; anomaly when confirmed or i % 5 == 2
//   method dns for anomalies, unknown for failures, none otherwise
inline ObservatoryRow generated_row(int i) {
  ObservatoryRow r;
  char uid[64];
  std::snprintf(uid, sizeof uid, "2026120%d1000%02d.000000_%s_web_connectivity_%016d", 1 + i % 3, i,
                i % 2 == 0 ? "KZ" : "RU", i);
  r.measurement_uid = uid;
  r.report_id = "20261201T100000Z_webconnectivity_KZ_9198_n1_gen" + std::to_string(i % 2);
  r.domain = "d" + std::to_string(i % 4) + ".example";
  r.input = "http://" + r.domain + "/";
  r.probe_cc = i % 2 == 0 ? "KZ" : "RU";
  const char* asns[] = {"AS9198", "AS48503", "AS12389"};
  r.probe_asn = asns[i % 3];
  r.probe_network_name = "net";
  r.test_name = "web_connectivity";
  r.test_version = "0.4.3";
  r.software_name = "ooniprobe-cli";
  r.software_version = "3.20.0";
  char t[32];
  std::snprintf(t, sizeof t, "2026-12-0%d 10:00:%02d", 1 + i % 3, i);
  r.measurement_start_time = t;
  r.test_start_time = t;
  r.category_code = i % 4 == 0 ? "NEWS" : "";
  r.failure = i % 10 == 9;
  r.confirmed = i % 10 == 0;
  r.anomaly = r.confirmed || i % 5 == 2;
  r.blocking = r.failure ? "null" : r.anomaly ? "dns" : "false";
  r.method = r.failure ? "unknown" : r.anomaly ? "dns" : "none";
  r.confidence = r.anomaly ? 0.8 : 0.5;
  return r;
}

inline std::string generated_body(int i) {
  return "{\"format\":\"json\",\"content\":{\"n\":" + std::to_string(i) + ",\"pad\":\"" +
         std::string(2000, 'x') + "\"}}";
}

// Inserts the 60 rows (with their bodies), each expected to be new.
// The transparency-log leaf of a stored measurement, as the collector makes it (accepted at a
// fixed time).
inline std::string leaf_of(const ObservatoryRow& row, const std::string& body) {
  auto record = measurement_leaf_record(row, body, SysSeconds(std::chrono::seconds(1764900000)));
  return record ? *record : std::string();
}
inline std::string generated_leaf(int i) {
  return leaf_of(generated_row(i), generated_body(i));
}

inline void fill(ObservatoryStore& store) {
  for (int i = 0; i < kGeneratedRows; ++i) {
    auto added = store.insert(generated_row(i), generated_body(i), generated_leaf(i));
    ASSERT_TRUE(added) << added.error().message();
    EXPECT_TRUE(*added) << i;
  }
}

// A query for every row: no time window, a page that holds them all.
inline MeasurementQuery everything() {
  MeasurementQuery q;
  q.limit = 1000;
  return q;
}

}  // namespace ashyq::collector::testing
