#include "analysis/ooni_scores.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/json_path.hpp"

namespace ashyq::analysis {

namespace json = boost::json;

namespace {

constexpr OoniFlags kClean{};
constexpr OoniFlags kAnomaly{.anomaly = true};
constexpr OoniFlags kFailure{.failure = true};

// Fastpath's threshold from score to flag.
bool above_threshold(double blocking_score) {
  return blocking_score > 0.5;
}

// The value of one key of `o`; nullptr when absent.
const json::value* key(const json::object& o, std::string_view name) {
  return core::value_at(o, name);
}

bool is_true(const json::value* v) {
  return v && v->is_bool() && v->get_bool();
}
bool is_false(const json::value* v) {
  return v && v->is_bool() && !v->get_bool();
}
// A failure value that says something failed: a non-empty string (null, "" and other types say
// nothing).
bool is_failure_string(const json::value* v) {
  return v && v->is_string() && !v->get_string().empty();
}
std::optional<std::string_view> string_of(const json::value* v) {
  if (v && v->is_string())
    return std::string_view(v->get_string());
  return std::nullopt;
}
std::optional<double> number_of(const json::value* v) {
  if (!v)
    return std::nullopt;
  if (v->is_double())
    return v->get_double();
  if (v->is_int64())
    return static_cast<double>(v->get_int64());
  if (v->is_uint64())
    return static_cast<double>(v->get_uint64());
  return std::nullopt;
}

// The tcp_connect entries (df-005) whose status.success is true, and those where it is false;
// entries saying neither are not counted.
struct Endpoints {
  int reached = 0;
  int unreachable = 0;
};
Endpoints tcp_connect_counts(const json::object& tk) {
  Endpoints out;
  const auto* entries = core::array_at(tk, "tcp_connect");
  if (!entries)
    return out;
  for (const auto& e : *entries) {
    const auto* entry = e.if_object();
    if (!entry)
      continue;
    const auto* success = core::value_at(*entry, "status.success");
    if (is_true(success))
      ++out.reached;
    else if (is_false(success))
      ++out.unreachable;
  }
  return out;
}

OoniFlags telegram(const json::object&, const json::object& tk) {
  auto endpoints = tcp_connect_counts(tk);
  int http_ok = 0;
  int http_failed = 0;
  if (const auto* requests = core::array_at(tk, "requests")) {
    for (const auto& r : *requests) {
      const auto* entry = r.if_object();
      auto url = entry ? string_of(core::value_at(*entry, "request.url")) : std::nullopt;
      if (!url)
        return kFailure;  // an entry without its URL: OONI calls it a probe bug
      // The web client is judged by telegram_web_status alone, not counted with the datacenters.
      if (*url == "https://web.telegram.org/" || *url == "http://web.telegram.org/")
        continue;
      // Any failure string counts; another type reads as absent (a success).
      if (string_of(key(*entry, "failure")))
        ++http_failed;
      else
        ++http_ok;
    }
  }
  double score = 0.5;  // nothing known about the datacenters' endpoints
  if (int n = endpoints.reached + endpoints.unreachable; n > 0)
    score = static_cast<double>(endpoints.unreachable) / n;
  if (int n = http_ok + http_failed; n > 0)
    score += static_cast<double>(http_failed) / n;
  else
    score += 0.5;
  if (core::string_at(tk, "telegram_web_status") == "blocked")
    score += 1;
  return {.anomaly = above_threshold(score)};
}

OoniFlags whatsapp(const json::object&, const json::object& tk) {
  // A probe-side crash ("unknown_failure …") in any *_failure key makes the measurement
  // inaccurate, whatever else it says.
  bool probe_error = false;
  for (const auto& [name, value] : tk) {
    auto text = string_of(&value);
    if (std::string_view(name).ends_with("_failure") && text &&
        text->starts_with("unknown_failure"))
      probe_error = true;
  }
  if (core::string_at(tk, "whatsapp_web_failure").find("unknown_failure 'ascii' co") !=
      std::string::npos)
    return kFailure;

  const auto* requests = core::array_at(tk, "requests");
  if (!requests || requests->empty())
    return kFailure;
  std::optional<bool> web_ok;
  std::optional<bool> registration_ok;
  for (const auto& r : *requests) {
    const auto* entry = r.if_object();
    if (!entry)
      continue;  // OONI would crash on such an entry; it tells nothing
    auto url = core::string_at(*entry, "request.url");
    const auto* failure = key(*entry, "failure");
    if (url == "https://web.whatsapp.com/") {
      // OONI reads a missing failure key here as failed; null, "" and false as success.
      web_ok = failure && (failure->is_null() || is_false(failure) ||
                           (failure->is_string() && failure->get_string().empty()));
    } else if (url == "https://v.whatsapp.net/v2/register") {
      // Here a missing failure key is a success (failed connections leave no response).
      registration_ok = !failure || !failure->is_string();
    }
  }
  if (!web_ok || !registration_ok)
    return kFailure;
  if (!*web_ok || !*registration_ok)
    return {.anomaly = true, .failure = probe_error};

  auto endpoints = tcp_connect_counts(tk);
  if (endpoints.reached == 0 && endpoints.unreachable == 0)
    return kFailure;
  if (endpoints.reached > 0)
    return {.failure = probe_error};
  return {.anomaly = true, .failure = probe_error};
}

OoniFlags facebook_messenger(const json::object&, const json::object& tk) {
  // Keys that are false when something is wrong, and keys that are true when something is.
  static constexpr std::array<std::string_view, 13> kShouldBeTrue{
      "facebook_b_api_dns_consistent",        "facebook_b_api_reachable",
      "facebook_b_graph_dns_consistent",      "facebook_b_graph_reachable",
      "facebook_edge_dns_consistent",         "facebook_edge_reachable",
      "facebook_external_cdn_dns_consistent", "facebook_external_cdn_reachable",
      "facebook_scontent_cdn_dns_consistent", "facebook_scontent_cdn_reachable",
      "facebook_star_dns_consistent",         "facebook_star_reachable",
      "facebook_stun_dns_consistent",
  };
  static constexpr std::array<std::string_view, 2> kShouldBeFalse{"facebook_tcp_blocking",
                                                                  "facebook_dns_blocking"};
  // The probe's dns_blocking is known to be set on measurements where everything else is fine;
  // OONI treats this exact shape as clean.
  static constexpr std::array<std::string_view, 10> kExemptWhenTrue{
      "facebook_b_api_dns_consistent",   "facebook_b_api_reachable",
      "facebook_b_graph_dns_consistent", "facebook_b_graph_reachable",
      "facebook_dns_blocking",           "facebook_edge_dns_consistent",
      "facebook_edge_reachable",         "facebook_star_dns_consistent",
      "facebook_star_reachable",         "facebook_stun_dns_consistent",
  };
  bool exempt = is_false(key(tk, "facebook_tcp_blocking")) &&
                std::ranges::all_of(kExemptWhenTrue, [&](auto k) { return is_true(key(tk, k)); });
  if (exempt)
    return kClean;

  double score = 0;
  for (auto k : kShouldBeTrue)
    if (is_false(key(tk, k)))
      score += 0.5;
  for (auto k : kShouldBeFalse)
    if (is_true(key(tk, k)))
      score += 0.5;
  return {.anomaly = above_threshold(score)};
}

// A "%Y-%m-%d %H:%M:%S" time as Python's strptime reads it (one- or two-digit fields but the
// year, fields in range, a real day of the month), as a comparable tuple; nullopt otherwise.
using DateTime = std::array<int, 6>;
std::optional<DateTime> parse_start_time(std::string_view s) {
  DateTime out{};
  constexpr std::array<char, 6> kAfter{'-', '-', ' ', ':', ':', '\0'};
  constexpr std::array<int, 6> kMin{0, 1, 1, 0, 0, 0};
  constexpr std::array<int, 6> kMax{9999, 12, 31, 23, 59, 61};
  std::size_t pos = 0;
  for (std::size_t field = 0; field < out.size(); ++field) {
    std::size_t max_digits = field == 0 ? 4 : 2;
    std::size_t min_digits = field == 0 ? 4 : 1;
    std::size_t digits = 0;
    int value = 0;
    while (pos < s.size() && digits < max_digits &&
           std::isdigit(static_cast<unsigned char>(s[pos]))) {
      value = value * 10 + (s[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits < min_digits || value < kMin[field] || value > kMax[field])
      return std::nullopt;
    out[field] = value;
    if (kAfter[field] != '\0') {
      if (pos >= s.size() || s[pos] != kAfter[field])
        return std::nullopt;
      ++pos;
    }
  }
  if (pos != s.size())
    return std::nullopt;
  int year = out[0];
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = kDays[static_cast<std::size_t>(out[1] - 1)] + (out[1] == 2 && leap ? 1 : 0);
  if (out[2] > days)
    return std::nullopt;
  return out;
}

// A version string as Python's packaging.version orders it, reduced to what comparing with a
// plain release (like 3.17.2) needs: the release numbers, and whether the suffix places it just
// before that release (a pre-release, or a dev release with no post), just after it (a post or
// local release), or on it. nullopt for what packaging rejects (and for epochs, which no probe
// sends: conservatively unreadable).
struct Version {
  std::vector<long> release;
  int side = 0;  // -1 before the plain release, 0 on it, +1 after it
};

bool consume(std::string_view& s, std::string_view word) {
  if (!s.starts_with(word))
    return false;
  s.remove_prefix(word.size());
  return true;
}
bool consume_separator(std::string_view& s) {
  if (s.empty() || (s[0] != '-' && s[0] != '_' && s[0] != '.'))
    return false;
  s.remove_prefix(1);
  return true;
}
bool consume_digits(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n])))
    ++n;
  s.remove_prefix(n);
  return n > 0;
}
// [sep] word [sep] [digits], trying each word (longest spellings first).
bool consume_tagged(std::string_view& s, std::initializer_list<std::string_view> words) {
  auto rest = s;
  consume_separator(rest);
  for (auto w : words) {
    auto after = rest;
    if (consume(after, w)) {
      auto number = after;
      consume_separator(number);
      if (consume_digits(number))
        after = number;
      s = after;
      return true;
    }
  }
  return false;
}

std::optional<Version> parse_version(std::string_view text) {
  std::string lower;
  for (char c : text)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view s = lower;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  consume(s, "v");

  Version v;
  for (;;) {
    std::size_t n = 0;
    long value = 0;
    while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n])) && n < 9) {
      value = value * 10 + (s[n] - '0');
      ++n;
    }
    if (n == 0 || (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))))
      return std::nullopt;  // no number, or one too long to matter for any probe
    v.release.push_back(value);
    s.remove_prefix(n);
    if (s.size() >= 2 && s[0] == '.' && std::isdigit(static_cast<unsigned char>(s[1])))
      s.remove_prefix(1);
    else
      break;
  }
  bool pre = consume_tagged(s, {"alpha", "beta", "preview", "pre", "rc", "a", "b", "c"});
  bool post = false;
  if (s.size() >= 2 && s[0] == '-' && std::isdigit(static_cast<unsigned char>(s[1]))) {
    s.remove_prefix(1);
    consume_digits(s);
    post = true;
  } else {
    post = consume_tagged(s, {"post", "rev", "r"});
  }
  bool dev = consume_tagged(s, {"dev"});
  bool local = false;
  if (consume(s, "+")) {
    local = true;
    for (;;) {
      std::size_t n = 0;
      while (n < s.size() && std::isalnum(static_cast<unsigned char>(s[n])))
        ++n;
      if (n == 0)
        return std::nullopt;
      s.remove_prefix(n);
      if (!consume_separator(s))
        break;
    }
  }
  if (!s.empty())
    return std::nullopt;
  if (pre || (dev && !post))
    v.side = -1;
  else if (post || dev || local)
    v.side = 1;
  return v;
}

// <0, 0, >0 as `v` orders before, on, or after the plain release `release`.
int compare(const Version& v, std::initializer_list<long> release) {
  std::vector<long> other(release);
  std::size_t n = std::max(v.release.size(), other.size());
  for (std::size_t i = 0; i < n; ++i) {
    long a = i < v.release.size() ? v.release[i] : 0;
    long b = i < other.size() ? other[i] : 0;
    if (a != b)
      return a < b ? -1 : 1;
  }
  return v.side;
}

// A top-level string where absent and null read as `fallback`; nullopt for another type, which
// OONI's signal scorer fails on (and so counts the measurement as a failure).
std::optional<std::string> string_or(const json::object& o, std::string_view name,
                                     std::string_view fallback) {
  const auto* v = key(o, name);
  if (!v || v->is_null())
    return std::string(fallback);
  if (v->is_string())
    return std::string(v->get_string());
  return std::nullopt;
}

OoniFlags signal(const json::object& msm, const json::object& tk) {
  // Both keys must be there and say nothing failed; absent counts as failed.
  auto clean = [&](std::string_view name) {
    const auto* v = key(tk, name);
    return v && (v->is_null() || is_false(v) || (v->is_string() && v->get_string().empty()));
  };
  OoniFlags flags{.failure = !clean("failed_operation") || !clean("failure")};

  // Probe releases whose signal results OONI does not trust; anything it cannot read here is a
  // failure too.
  auto start_text = string_of(key(msm, "measurement_start_time"));
  auto start = start_text ? parse_start_time(*start_text) : std::nullopt;
  auto test_version = string_or(msm, "test_version", "0.0.0");
  if (!start || !test_version || *test_version == "0.2.4")
    return kFailure;
  auto tv = parse_version(*test_version);
  if (!tv)
    return kFailure;
  if (compare(*tv, {0, 2, 3}) <= 0 && *start >= DateTime{2023, 11, 7, 0, 0, 0})
    return kFailure;
  if (compare(*tv, {0, 2, 2}) < 0 && *start >= DateTime{2022, 10, 19, 0, 0, 0})
    return kFailure;
  std::optional<std::string> engine_version = "0.0.0";
  if (const auto* annotations = key(msm, "annotations"); annotations && !annotations->is_null()) {
    if (!annotations->is_object())
      return kFailure;
    engine_version = string_or(annotations->get_object(), "engine_version", "0.0.0");
  }
  auto ev = engine_version ? parse_version(*engine_version) : std::nullopt;
  if (!ev)
    return kFailure;
  if (compare(*ev, {3, 17, 2}) < 0 && *start >= DateTime{2023, 5, 2, 0, 0, 0})
    return kFailure;

  auto status = core::string_at(tk, "signal_backend_status");
  if (status == "blocked")
    flags.anomaly = true;
  else if (status != "ok")
    flags.failure = true;
  return flags;
}

OoniFlags http_invalid_request_line(const json::object&, const json::object& tk) {
  const auto* sent = core::array_at(tk, "sent");
  const auto* received = core::array_at(tk, "received");
  std::size_t n_sent = sent ? sent->size() : 0;
  std::size_t n_received = received ? received->size() : 0;
  if (n_sent == 0 && n_received == 0)
    return kFailure;
  // The probe's own "tampering" key is ignored, as OONI does (it was unreliable).
  for (std::size_t i = 0; i < std::min(n_sent, n_received); ++i)
    if ((*sent)[i] != (*received)[i])
      return kAnomaly;
  return kClean;
}

// Header (name, value) pairs, compared as sets.
using HeaderSet = std::set<std::pair<std::string, std::string>>;

OoniFlags http_header_field_manipulation(const json::object&, const json::object& tk) {
  const auto* requests = core::array_at(tk, "requests");
  if (!requests || requests->empty() || !requests->front().is_object())
    return kFailure;
  const auto& first = requests->front().get_object();
  const auto* response = key(first, "response");
  // A null response is a broken run in OONI's eyes; another non-object type would crash its
  // scorer, and we read it the same conservative way.
  if (response && !response->is_object())
    return kFailure;
  const auto* body = response ? key(response->get_object(), "body") : nullptr;
  if (!body || body->is_null())
    return kAnomaly;  // the helper's echo never came back: the whole exchange was tampered with
  if (!body->is_string())
    return kAnomaly;  // not the helper's JSON document (OONI: malformed)
  boost::system::error_code ec;
  auto echoed = json::parse(body->get_string(), ec);
  if (ec || !echoed.is_object())
    return kAnomaly;
  const auto* headers_dict = key(echoed.get_object(), "headers_dict");
  if (!headers_dict)
    return kAnomaly;
  // From here on OONI's scorer crashes on odd shapes; we do not claim an anomaly for them.
  if (!headers_dict->is_object())
    return kFailure;

  HeaderSet received;
  for (const auto& [name, values] : headers_dict->get_object()) {
    const auto* list = values.if_array();
    if (!list || list->empty() || !list->front().is_string())
      return kFailure;
    received.emplace(std::string(name), std::string(list->front().get_string()));
  }
  HeaderSet sent;
  if (const auto* request = key(first, "request")) {
    if (!request->is_object())
      return kFailure;
    if (const auto* headers = key(request->get_object(), "headers")) {
      if (!headers->is_object())
        return kFailure;
      for (const auto& [name, value] : headers->get_object()) {
        if (!value.is_string())
          return kFailure;
        sent.emplace(std::string(name), std::string(value.get_string()));
      }
    }
  }
  // Proxies often rewrite this one; OONI does not count it.
  const std::pair<std::string, std::string> connection_close{"Connection", "close"};
  received.erase(connection_close);
  sent.erase(connection_close);
  return received == sent ? kClean : kAnomaly;
}

OoniFlags vanilla_tor(const json::object&, const json::object& tk) {
  // tor_logs (a list of lines), else the legacy tor_log (one string); other types read as
  // absent. A present but empty tor_logs falls back to tor_log, as in OONI.
  auto usable = [](const json::value* v) { return v && (v->is_string() || v->is_array()); };
  auto empty = [](const json::value* v) {
    return v->is_string() ? v->get_string().empty() : v->get_array().empty();
  };
  const json::value* logs = key(tk, "tor_logs");
  if (!usable(logs) || empty(logs))
    logs = key(tk, "tor_log");
  if (!usable(logs))
    return kFailure;

  // A list must hold the line exactly; a single string, anywhere.
  static constexpr std::array<std::string_view, 2> kDone{"Bootstrapped 100%: Done",
                                                         "Bootstrapped 100% (done): Done"};
  for (auto done : kDone) {
    if (logs->is_string() && std::string_view(logs->get_string()).find(done) != std::string::npos)
      return kClean;
    if (logs->is_array() && std::ranges::any_of(logs->get_array(), [&](const json::value& line) {
          return line.is_string() && line.get_string() == done;
        }))
      return kClean;
  }
  double progress = std::clamp(number_of(key(tk, "tor_progress")).value_or(0.0), 0.0, 100.0);
  if (progress == 100)
    return kClean;
  // OONI scores a partial bootstrap 1 - 0.4 × progress/100: always above the threshold.
  return {.anomaly = above_threshold(1.0 - progress * 0.004)};
}

OoniFlags tor(const json::object&, const json::object& tk) {
  const auto* targets = core::object_at(tk, "targets");  // early runs had a list: unscorable
  if (!targets || targets->empty())
    return kFailure;
  int blocked = 0;
  int succeeded = 0;
  for (const auto& [name, target] : *targets) {
    const auto* t = target.if_object();
    if (!t || !t->contains("failure") || !t->contains("network_events"))
      return kFailure;
    const auto* failure = t->if_contains("failure");
    if (is_false(failure))
      continue;  // not run
    if (failure->is_null())
      ++succeeded;
    else if (is_failure_string(failure))
      ++blocked;
    else
      return kFailure;  // "" or another type: OONI's scorer crashes on these; unscorable
  }
  if (blocked + succeeded == 0)
    return kFailure;
  return {.anomaly = above_threshold(static_cast<double>(blocked) / (blocked + succeeded))};
}

OoniFlags torsf(const json::object& msm, const json::object& tk) {
  // ooniprobe-android 3.8.3 shipped a broken torsf.
  if (core::string_at(msm, "software_version") == "3.8.3" &&
      core::string_at(msm, "software_name").starts_with("ooniprobe-android"))
    return kFailure;
  return {.anomaly = is_failure_string(key(tk, "failure"))};
}

OoniFlags psiphon(const json::object& msm, const json::object& tk) {
  OoniFlags flags;
  // OONI asks whether failure is null; a string is a failure, other types read as absent.
  if (string_of(key(tk, "failure")))
    flags.anomaly = true;
  else if (number_of(key(tk, "bootstrap_time")).value_or(0.0) == 0)
    flags.failure = true;  // neither failed nor bootstrapped: broken
  // OONI only asks whether the key is there.
  if (!msm.contains("resolver_ip"))
    flags.failure = true;
  return flags;
}

OoniFlags stunreachability(const json::object&, const json::object& tk) {
  return {.anomaly = is_failure_string(key(tk, "failure"))};
}

OoniFlags openvpn(const json::object&, const json::object& tk) {
  const auto* success = key(tk, "success");
  if (is_false(success))
    return kAnomaly;
  if (!is_true(success))
    return kFailure;  // absent, null or not a boolean
  return kClean;
}

OoniFlags dash(const json::object&, const json::object& tk) {
  // A failed download is a failed measurement, never an anomaly.
  if (tk.empty() || string_of(key(tk, "failure")))
    return kFailure;
  return kClean;
}

OoniFlags browser_web(const json::object&, const json::object& tk) {
  auto result = core::string_at(tk, "result");
  if (result == "ok")
    return kClean;
  if (result == "error")
    return kAnomaly;
  return kFailure;
}

OoniFlags not_scored(const json::object&, const json::object&) {
  return kClean;
}

using Scorer = OoniFlags (*)(const json::object& measurement, const json::object& test_keys);

// Sorted by name.
constexpr std::array<std::pair<std::string_view, Scorer>, 16> kScorers{{
    {"browser_web", browser_web},
    {"dash", dash},
    {"facebook_messenger", facebook_messenger},
    {"http_header_field_manipulation", http_header_field_manipulation},
    {"http_invalid_request_line", http_invalid_request_line},
    {"ndt", not_scored},
    {"openvpn", openvpn},
    {"psiphon", psiphon},
    {"riseupvpn", not_scored},
    {"signal", signal},
    {"stunreachability", stunreachability},
    {"telegram", telegram},
    {"tor", tor},
    {"torsf", torsf},
    {"vanilla_tor", vanilla_tor},
    {"whatsapp", whatsapp},
}};

constexpr std::array<std::string_view, kScorers.size()> kNames = [] {
  std::array<std::string_view, kScorers.size()> out{};
  for (std::size_t i = 0; i < kScorers.size(); ++i)
    out[i] = kScorers[i].first;
  return out;
}();
static_assert(std::ranges::is_sorted(kNames));

}  // namespace

std::optional<OoniFlags> ooni_flags(const json::object& measurement) {
  const auto* name = measurement.if_contains("test_name");
  if (!name || !name->is_string())
    return std::nullopt;
  auto it = std::ranges::lower_bound(kScorers, std::string_view(name->get_string()), {},
                                     &std::pair<std::string_view, Scorer>::first);
  if (it == kScorers.end() || it->first != name->get_string())
    return std::nullopt;
  static const json::object kNoKeys;
  const auto* tk = core::object_at(measurement, "test_keys");
  return it->second(measurement, tk ? *tk : kNoKeys);
}

std::span<const std::string_view> ooni_scored_tests() {
  return kNames;
}

}  // namespace ashyq::analysis
