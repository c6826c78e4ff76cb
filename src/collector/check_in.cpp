#include "collector/check_in.hpp"

#include <boost/json.hpp>
#include <ctime>
#include <set>

#include "analysis/read_file.hpp"
#include "collector/submission.hpp"
#include "core/ascii.hpp"

namespace ashyq::collector {

namespace json = boost::json;

namespace {

constexpr std::size_t kUrlsCharging = 100;
constexpr std::size_t kUrlsOnBattery = 20;

core::Error wrong_type(std::string_view field, std::string_view expected) {
  return core::Error{std::string(field), "must be " + std::string(expected)};
}

core::Result<void> read_string(const json::object& o, std::string_view key, std::string& out) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null())
    return {};
  if (!v->is_string())
    return wrong_type(key, "a string");
  out = std::string(v->as_string());
  return {};
}

core::Result<void> read_bool(const json::object& o, std::string_view key, bool& out) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null())
    return {};
  if (!v->is_bool())
    return wrong_type(key, "true or false");
  out = v->as_bool();
  return {};
}

bool is_letters(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
      return false;
  }
  return true;
}

std::string utc_text(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

core::Result<CheckInRequest> parse_check_in(const json::value& body) {
  if (!body.is_object())
    return core::Error{"body", "must be a JSON object"};
  const auto& o = body.as_object();
  CheckInRequest r;
  for (auto [key, field] :
       {std::pair{"probe_cc", &r.probe_cc}, std::pair{"probe_asn", &r.probe_asn},
        std::pair{"platform", &r.platform}, std::pair{"software_name", &r.software_name},
        std::pair{"software_version", &r.software_version}, std::pair{"run_type", &r.run_type}}) {
    if (auto read = read_string(o, key, *field); !read)
      return read.error();
  }
  if (auto read = read_bool(o, "charging", r.charging); !read)
    return read.error();
  if (auto read = read_bool(o, "on_wifi", r.on_wifi); !read)
    return read.error();
  r.probe_cc = core::ascii_upper(r.probe_cc);
  if (r.probe_cc.size() != 2 || !is_letters(r.probe_cc))
    return core::Error{"probe_cc", "must be two letters"};
  if (!is_probe_asn(r.probe_asn))
    return core::Error{"probe_asn", "must be AS and digits"};
  if (r.run_type != "timed" && r.run_type != "manual")
    return core::Error{"run_type", "must be timed or manual"};
  if (const auto* wc = o.if_contains("web_connectivity"); wc && !wc->is_null()) {
    if (!wc->is_object())
      return wrong_type("web_connectivity", "an object");
    if (const auto* codes = wc->as_object().if_contains("category_codes");
        codes && !codes->is_null()) {
      if (!codes->is_array())
        return wrong_type("web_connectivity.category_codes", "a list of strings");
      for (const auto& c : codes->as_array()) {
        if (!c.is_string())
          return wrong_type("web_connectivity.category_codes", "a list of strings");
        r.category_codes.emplace_back(c.as_string());
      }
    }
  }
  return r;
}

TestListCatalog::TestListCatalog(std::string dir) : dir_(std::move(dir)) {}

const TestListCatalog::Loaded& TestListCatalog::load(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (auto it = loaded_.find(name); it != loaded_.end())
    return it->second;
  auto list = std::make_shared<experiments::TestList>();
  if (auto text = analysis::read_file(dir_ + "/" + name + ".csv"); text)
    *list = experiments::parse_test_list(*text);
  Loaded loaded{list, {}};
  for (const auto& e : list->entries)
    loaded.category.emplace(e.url, e.category_code);
  // std::map never moves its elements: the reference stays valid as other lists are added.
  return loaded_.emplace(name, std::move(loaded)).first->second;
}

namespace {

std::string list_name(std::string_view cc) {
  std::string name = core::ascii_lower(cc);
  return name.size() == 2 && is_letters(name) && name != "zz" ? name : "";
}

}  // namespace

std::shared_ptr<const experiments::TestList> TestListCatalog::country(std::string_view cc) {
  const std::string name = list_name(cc);
  if (name.empty())
    return std::make_shared<experiments::TestList>();
  return load(name).list;
}

std::shared_ptr<const experiments::TestList> TestListCatalog::global() {
  return load("global").list;
}

std::string TestListCatalog::category_of(std::string_view cc, std::string_view url) {
  if (const std::string name = list_name(cc); !name.empty()) {
    const auto& country = load(name).category;
    if (auto it = country.find(url); it != country.end())
      return it->second;
  }
  const auto& global = load("global").category;
  auto it = global.find(url);
  return it == global.end() ? "" : it->second;
}

std::vector<CheckInUrl> check_in_urls(const CheckInRequest& request, TestListCatalog& lists) {
  const std::size_t limit = request.run_type == "manual" ? SIZE_MAX
                            : request.charging           ? kUrlsCharging
                                                         : kUrlsOnBattery;
  std::set<std::string> codes(request.category_codes.begin(), request.category_codes.end());
  std::set<std::string> seen;
  std::vector<CheckInUrl> out;
  auto take = [&](const experiments::TestList& list, const std::string& country) {
    for (const auto& e : list.entries) {
      if (out.size() >= limit)
        return;
      if (!codes.empty() && !codes.contains(e.category_code))
        continue;
      if (!seen.insert(e.url).second)
        continue;
      out.push_back({e.url, e.category_code, country});
    }
  };
  take(*lists.country(request.probe_cc), request.probe_cc);
  take(*lists.global(), "XX");
  return out;
}

json::object test_helpers_json(const std::vector<std::string>& helper_urls) {
  json::array web;
  for (const auto& url : helper_urls)
    web.push_back(
        json::object{{"address", url}, {"type", url.starts_with("https://") ? "https" : "http"}});
  return json::object{{"web-connectivity", std::move(web)}};
}

json::object check_in_answer(const CheckInRequest& request, const std::vector<CheckInUrl>& urls,
                             const std::vector<std::string>& helper_urls,
                             const std::function<std::string(std::string_view)>& report_id_for,
                             std::chrono::system_clock::time_point now) {
  json::array listed;
  for (const auto& u : urls) {
    listed.push_back(json::object{
        {"url", u.url}, {"category_code", u.category_code}, {"country_code", u.country_code}});
  }
  json::object tests{
      {"web_connectivity", json::object{{"report_id", report_id_for("web_connectivity")},
                                        {"urls", std::move(listed)}}}};
  return json::object{{"v", 1},
                      {"probe_cc", request.probe_cc},
                      {"probe_asn", request.probe_asn},
                      {"probe_network_name", ""},
                      {"utc_time", utc_text(now)},
                      {"conf", json::object{{"features", json::object{}},
                                            {"test_helpers", test_helpers_json(helper_urls)}}},
                      {"tests", std::move(tests)}};
}

}  // namespace ashyq::collector
