// Table tests for core/json_path.hpp.
#include "core/json_path.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ashyq::core {
namespace {

namespace json = boost::json;

const json::object& measurement() {
  static const json::object m = json::parse(R"({
    "input": "https://a.kz/",
    "annotations": {"category_code": "NEWS"},
    "test_keys": {
      "blocking": "dns",
      "accessible": false,
      "dns_experiment_failure": null,
      "queries": [{"hostname": "a.kz"}],
      "x_ashyq_verdict": {"method": "dns", "confidence": 0.9, "evidence": ["x"]}
    }
  })")
                                    .as_object();
  return m;
}

struct PathRow {
  const char* name;
  const char* path;
  const char* value;  // the value's JSON, nullptr = absent
};

TEST(JsonPath, ValueAtTable) {
  const PathRow rows[] = {
      {"top_level", "input", R"("https://a.kz/")"},
      {"one_level_down", "annotations.category_code", R"("NEWS")"},
      {"two_levels_down", "test_keys.x_ashyq_verdict.method", R"("dns")"},
      {"a_number", "test_keys.x_ashyq_verdict.confidence", "0.9"},
      {"an_object", "test_keys.x_ashyq_verdict",
       R"({"method":"dns","confidence":0.9,"evidence":["x"]})"},
      {"null_is_present", "test_keys.dns_experiment_failure", "null"},
      {"missing_leaf", "test_keys.nothing", nullptr},
      {"missing_middle", "test_keys.nothing.method", nullptr},
      {"through_a_string", "input.host", nullptr},
      {"through_an_array", "test_keys.queries.hostname", nullptr},
      {"empty_path", "", nullptr},
      {"trailing_dot", "test_keys.", nullptr},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const auto* v = value_at(measurement(), row.path);
    if (!row.value) {
      EXPECT_EQ(v, nullptr) << json::serialize(*v);
    } else {
      ASSERT_NE(v, nullptr);
      EXPECT_EQ(*v, json::parse(row.value));
    }
  }
}

TEST(JsonPath, TypedReadersGiveNothingForTheWrongType) {
  const auto& m = measurement();
  EXPECT_EQ(string_at(m, "test_keys.blocking"), "dns");
  EXPECT_EQ(string_at(m, "test_keys.accessible"), "");  // a bool
  EXPECT_EQ(string_at(m, "test_keys.dns_experiment_failure"), "");
  EXPECT_EQ(string_at(m, "test_keys.absent"), "");
  ASSERT_NE(object_at(m, "test_keys.x_ashyq_verdict"), nullptr);
  EXPECT_EQ(object_at(m, "test_keys.blocking"), nullptr);
  ASSERT_NE(array_at(m, "test_keys.queries"), nullptr);
  EXPECT_EQ(array_at(m, "test_keys.queries")->size(), 1u);
  EXPECT_EQ(array_at(m, "test_keys.x_ashyq_verdict"), nullptr);
  EXPECT_EQ(array_at(m, "test_keys.x_ashyq_verdict.evidence")->size(), 1u);
}

}  // namespace
}  // namespace ashyq::core
