// What the collector reads from probes (OONI's probe-services protocol): the report id of a
// submission's URL, an open-report body, a submission body (checked, then its measurement uid
// made), and a check-in body (JSON with the route's depth cap, the request, the URLs and the
// answer). The input's first line is the URL's report id; the rest is the body.
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "collector/check_in.hpp"
#include "collector/measurement_uid.hpp"
#include "collector/report_id.hpp"
#include "collector/submission.hpp"
#include "core/data_dir.hpp"

namespace {

using namespace ashyq;

collector::TestListCatalog& lists() {
  static collector::TestListCatalog catalog(core::data_dir() + "/test-lists");
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view url_id = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  if (auto id = collector::parse_report_id(url_id))
    (void)id->text();
  if (auto opened = collector::validate_open_report(body)) {
    (void)collector::make_report_id(std::chrono::sys_seconds{std::chrono::seconds{1'765'000'000}},
                                    opened->test_name, opened->probe_cc, opened->probe_asn, 1,
                                    "fuzz");
  }
  if (auto submission = collector::validate_submission(url_id, body))
    (void)collector::submission_answer(submission->measurement_uid);

  boost::system::error_code ec;
  boost::json::parse_options limits;
  limits.max_depth = 16;  // as the check-in route
  auto value = boost::json::parse(body, ec, {}, limits);
  if (ec)
    return 0;
  if (auto request = collector::parse_check_in(value)) {
    auto urls = collector::check_in_urls(*request, lists());
    (void)collector::check_in_answer(
        *request, urls, {"https://th.fuzz.example"},
        [](std::string_view test) { return std::string(test); },
        std::chrono::system_clock::time_point{});
  }
  return 0;
}
