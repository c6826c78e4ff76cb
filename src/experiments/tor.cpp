#include "experiments/tor.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <map>

#include "analysis/read_file.hpp"
#include "core/ascii.hpp"
#include "core/csv_reader.hpp"
#include "core/json.hpp"
#include "experiments/experiment_settings.hpp"
#include "model/archival_json.hpp"
#include "net/concurrently.hpp"
#include "net/http_client.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
using analysis::Method;
using core::Error;

// --- protocols and the targets file ---------------------------------------------------------

std::string_view to_string(TorProtocol p) {
  switch (p) {
    case TorProtocol::or_port_dirauth:
      return "or_port_dirauth";
    case TorProtocol::or_port:
      return "or_port";
    case TorProtocol::dir_port:
      return "dir_port";
    case TorProtocol::obfs4:
      return "obfs4";
  }
  return "?";
}

std::optional<TorProtocol> tor_protocol_from_string(std::string_view s) {
  for (auto p : {TorProtocol::or_port_dirauth, TorProtocol::or_port, TorProtocol::dir_port,
                 TorProtocol::obfs4}) {
    if (to_string(p) == s)
      return p;
  }
  return std::nullopt;
}

core::Result<std::vector<TorTarget>> parse_tor_targets(std::string_view text,
                                                       const std::string& file) {
  // Comment lines are blanked (not removed) so the CSV reader's records keep their line numbers.
  std::string cleaned;
  std::vector<std::size_t> record_lines;  // line of each non-empty line, in order
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    ++line_no;
    std::string_view t = core::ascii_trim(line);
    if (!t.empty() && t[0] != '#') {
      cleaned += std::string(line) + "\n";
      record_lines.push_back(line_no);
    }
    if (end == std::string_view::npos)
      break;
    pos = end + 1;
  }
  auto fail = [&](std::size_t line, const std::string& why) {
    return core::Error{file + ":" + std::to_string(line), why};
  };
  auto parsed = core::parse_csv(cleaned);
  if (!parsed)
    return core::Error{file, parsed.error().message()};
  const auto& records = parsed.value();
  if (records.empty())
    return core::Error{file, "empty: expected the header name,address,protocol,source"};
  // Quoted fields with line breaks would shift the numbering; the file has none, and a record
  // count that differs from the line count is reported rather than guessed at.
  if (records.size() != record_lines.size())
    return core::Error{file, "a quoted field spans lines: not supported in a targets file"};
  const std::vector<std::string> header = {"name", "address", "protocol", "source"};
  std::vector<std::string> got;
  for (const auto& f : records[0])
    got.emplace_back(core::ascii_trim(f));
  if (got != header)
    return fail(record_lines[0], "the header must be name,address,protocol,source");
  std::vector<TorTarget> out;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    const std::size_t line = record_lines[i];
    if (r.size() != 4) {
      return fail(line, "expected 4 fields (name,address,protocol,source), got " +
                            std::to_string(r.size()));
    }
    TorTarget t;
    t.name = core::ascii_trim(r[0]);
    t.address = core::ascii_trim(r[1]);
    t.source = core::ascii_trim(r[3]);
    auto ep = net::parse_endpoint(t.address);
    if (!ep || ep->port == 0)
      return fail(line, "address '" + t.address + "' is not IP:port (or [IPv6]:port)");
    t.endpoint = *ep;
    t.address = ep->str();
    auto protocol = tor_protocol_from_string(std::string(core::ascii_trim(r[2])));
    if (!protocol) {
      return fail(line, "protocol '" + std::string(core::ascii_trim(r[2])) +
                            "' is not one of or_port_dirauth, dir_port, or_port, obfs4");
    }
    t.protocol = *protocol;
    if (auto [it, fresh] = seen.emplace(t.address, line); !fresh)
      return fail(line,
                  "address " + t.address + " already listed on line " + std::to_string(it->second));
    out.push_back(std::move(t));
  }
  if (out.empty())
    return core::Error{file, "no targets"};
  return out;
}

core::Result<std::vector<TorTarget>> load_tor_targets(const std::string& path) {
  auto text = analysis::read_file(path, 1 << 20);
  if (!text)
    return core::Error{path, text.error().message()};
  return parse_tor_targets(text.value(), path);
}

// --- the VERSIONS cell ------------------------------------------------------------------------

namespace {
constexpr unsigned char kVersionsCommand = 7;
constexpr std::size_t kVersionsMaxPayload = 1024;  // a real relay sends a handful of versions
}  // namespace

std::string tor_versions_cell() {
  const std::vector<uint16_t> ours = {3, 4, 5};
  std::string cell;
  cell.push_back(0);  // circuit id: 2 bytes in a VERSIONS cell, whatever the link version
  cell.push_back(0);
  cell.push_back(static_cast<char>(kVersionsCommand));
  const auto len = static_cast<uint16_t>(ours.size() * 2);
  cell.push_back(static_cast<char>(len >> 8));
  cell.push_back(static_cast<char>(len & 0xff));
  for (auto v : ours) {
    cell.push_back(static_cast<char>(v >> 8));
    cell.push_back(static_cast<char>(v & 0xff));
  }
  return cell;
}

TorVersionsReply parse_tor_versions_reply(std::string_view bytes) {
  TorVersionsReply r;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  auto bad = [&](std::string why) {
    r.status = TorVersionsReply::Status::not_versions;
    r.why = std::move(why);
    return r;
  };
  // Judge what has arrived as soon as it can be judged: a non-relay answering with text (an
  // HTTP error page) is recognised from its first bytes.
  if (!bytes.empty() && byte(0) != 0)
    return bad("the answer does not start like a Tor cell (circuit id 0)");
  if (bytes.size() >= 2 && byte(1) != 0)
    return bad("the answer does not start like a Tor cell (circuit id 0)");
  if (bytes.size() >= 3 && byte(2) != kVersionsCommand)
    return bad("the first cell is not VERSIONS (command " + std::to_string(byte(2)) + ")");
  if (bytes.size() < 5)
    return r;
  const std::size_t len = (std::size_t(byte(3)) << 8) | byte(4);
  if (len == 0 || len % 2 != 0 || len > kVersionsMaxPayload)
    return bad("a VERSIONS cell of " + std::to_string(len) + " bytes");
  r.needed = 5 + len;
  if (bytes.size() < r.needed)
    return r;
  for (std::size_t i = 5; i + 1 < r.needed; i += 2)
    r.versions.push_back(static_cast<uint16_t>((std::size_t(byte(i)) << 8) | byte(i + 1)));
  if (std::none_of(r.versions.begin(), r.versions.end(),
                   [](uint16_t v) { return v >= 3 && v <= 5; })) {
    return bad("no link protocol version in common (we offer 3, 4, 5)");
  }
  r.status = TorVersionsReply::Status::ok;
  return r;
}

// --- the analysis ---------------------------------------------------------------------------

bool tor_target_accessible(const TorTargetOutcome& o) {
  if (o.connect_failure)
    return false;
  if (o.protocol == TorProtocol::obfs4)
    return true;
  return o.handshake_attempted && !o.handshake_failure;
}

bool tor_target_usable(const TorTargetOutcome& o) {
  return tor_target_accessible(o) && (!o.or_attempted || !o.or_failure);
}

json::object tor_counters(const std::vector<TorTargetOutcome>& outcomes) {
  json::object c;
  for (auto p : {TorProtocol::dir_port, TorProtocol::obfs4, TorProtocol::or_port,
                 TorProtocol::or_port_dirauth}) {
    int64_t total = 0, accessible = 0;
    for (const auto& o : outcomes) {
      if (o.protocol != p)
        continue;
      ++total;
      accessible += tor_target_accessible(o) ? 1 : 0;
    }
    c[std::string(to_string(p)) + "_total"] = total;
    c[std::string(to_string(p)) + "_accessible"] = accessible;
  }
  return c;
}

namespace {

bool nearly_all(std::size_t k, std::size_t n) {
  return n > 0 && k * 5 >= n * 4;
}

std::string group_label(TorProtocol p) {
  switch (p) {
    case TorProtocol::or_port_dirauth:
      return "directory authorities (OR port)";
    case TorProtocol::or_port:
      return "bridges (OR port)";
    case TorProtocol::dir_port:
      return "directory authorities (dir port)";
    case TorProtocol::obfs4:
      return "obfs4 bridges (TCP only)";
  }
  return "?";
}

std::string who(const TorTargetOutcome& o) {
  return (o.name.empty() ? std::string() : o.name + " ") + o.address;
}

enum class GroupState { blocked_tcp, blocked_handshake, reachable, mixed };

struct Group {
  TorProtocol protocol;
  std::vector<const TorTargetOutcome*> members;
  std::size_t tcp_failed = 0, connected = 0, handshake_failed = 0, usable = 0;
  GroupState state = GroupState::mixed;
  std::string line;  // evidence
};

Group judge_group(TorProtocol p, const std::vector<TorTargetOutcome>& outcomes) {
  Group g{p, {}};
  for (const auto& o : outcomes) {
    if (o.protocol == p)
      g.members.push_back(&o);
  }
  std::vector<std::string> tcp_names, hs_names;
  for (const auto* o : g.members) {
    if (o->connect_failure) {
      ++g.tcp_failed;
      tcp_names.push_back(who(*o) + " (" + o->connect_failure->str() + ")");
      continue;
    }
    ++g.connected;
    if (tor_target_usable(*o)) {
      ++g.usable;
      continue;
    }
    ++g.handshake_failed;
    if (o->handshake_failure) {
      hs_names.push_back(who(*o) + " (" +
                         (p == TorProtocol::dir_port ? std::string("HTTP: ") : "TLS: ") +
                         o->handshake_failure->str() + ")");
    } else if (o->or_failure) {
      hs_names.push_back(who(*o) + " (VERSIONS: " + o->or_failure->str() + ")");
    } else {
      hs_names.push_back(who(*o) + " (not attempted)");
    }
  }
  const std::size_t n = g.members.size();
  if (nearly_all(g.tcp_failed, n)) {
    g.state = GroupState::blocked_tcp;
  } else if (g.connected * 2 >= n && nearly_all(g.handshake_failed, g.connected)) {
    g.state = GroupState::blocked_handshake;
  } else if (g.usable * 2 > n) {
    g.state = GroupState::reachable;
  }
  std::string step = p == TorProtocol::obfs4      ? "reachable at TCP"
                     : p == TorProtocol::dir_port ? "answered HTTP"
                                                  : "completed the handshake";
  g.line =
      group_label(p) + ": " + std::to_string(g.usable) + " of " + std::to_string(n) + " " + step;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
      s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  if (!tcp_names.empty())
    g.line += "; TCP connect failed for " + join(tcp_names);
  if (!hs_names.empty())
    g.line += "; connected but failed after for " + join(hs_names);
  return g;
}

}  // namespace

analysis::Verdict analyze_tor(const std::vector<TorTargetOutcome>& outcomes) {
  std::vector<Group> groups;
  for (auto p : {TorProtocol::or_port_dirauth, TorProtocol::or_port, TorProtocol::dir_port,
                 TorProtocol::obfs4}) {
    Group g = judge_group(p, outcomes);
    if (!g.members.empty())
      groups.push_back(std::move(g));
  }
  std::vector<std::string> details;
  for (const auto& g : groups)
    details.push_back(g.line);
  auto finish = [&](Method m, double confidence, std::string headline) {
    return analysis::make_verdict(m, confidence, std::move(headline), details);
  };
  if (groups.empty())
    return finish(Method::unknown, 0, "no targets were measured");

  std::size_t any_connected = 0;
  for (const auto& o : outcomes)
    any_connected += o.connect_failure ? 0 : 1;

  for (const auto& g : groups) {
    if (g.state != GroupState::blocked_tcp && g.state != GroupState::blocked_handshake)
      continue;
    const std::size_t n = g.members.size();
    // Something got through (a target elsewhere, or this group's own connects before their
    // handshakes failed): the probe is online and the failures are Tor-specific.
    const bool others_ok = g.state == GroupState::blocked_handshake || any_connected > g.connected;
    double confidence = others_ok ? 0.85 : 0.6;
    if (n < 3)
      confidence -= 0.15;
    if (g.state == GroupState::blocked_tcp) {
      return finish(Method::tcp_ip, confidence,
                    "TCP connects to " + std::to_string(g.tcp_failed) + " of " + std::to_string(n) +
                        " " + group_label(g.protocol) + " failed" +
                        (others_ok ? ""
                                   : " (and nothing else connected: an offline probe would "
                                     "look the same)") +
                        ": these addresses are blocked");
    }
    const bool dir = g.protocol == TorProtocol::dir_port;
    return finish(dir ? Method::http_failure : Method::tls, confidence,
                  std::to_string(g.handshake_failed) + " of the " + std::to_string(g.connected) +
                      " " + group_label(g.protocol) + " that accepted the TCP connection then " +
                      (dir ? "gave no HTTP answer" : "failed the TLS/OR handshake") +
                      ": the protocol is filtered, not the addresses");
  }
  // Nothing blocked: reachable when the authorities are (or, without them, every group is).
  const Group* primary =
      groups.front().protocol == TorProtocol::or_port_dirauth ? &groups.front() : nullptr;
  bool reachable = primary ? primary->state == GroupState::reachable
                           : std::all_of(groups.begin(), groups.end(), [](const Group& g) {
                               return g.state == GroupState::reachable;
                             });
  if (reachable) {
    std::size_t failed = 0, n = 0;
    for (const auto& g : groups) {
      if (primary && &g != primary)
        continue;
      failed += g.members.size() - g.usable;
      n += g.members.size();
    }
    return finish(Method::none, failed <= 1 ? 0.9 : 0.7,
                  std::to_string(n - failed) + " of " + std::to_string(n) +
                      " targets reachable: Tor's " +
                      (primary ? "directory authorities are" : "targets are") +
                      " reachable from this network" +
                      (failed ? " (a few unreachable ones are normal: relays go down)" : ""));
  }
  return finish(Method::unknown, 0.3,
                "some targets failed, too few to call it blocking and too many to call the "
                "network open");
}

// --- the measurement ------------------------------------------------------------------------

namespace {

struct Slot {
  const TorTarget* target;
  net::Trace trace;
  TorTargetOutcome outcome;
  std::optional<std::vector<uint16_t>> relay_versions;
};

asio::awaitable<void> versions_exchange(net::TlsStream& tls, const TorConfig& config, Slot& s) {
  s.outcome.or_attempted = true;
  auto& lowest = beast::get_lowest_layer(tls);
  lowest.expires_after(config.timeouts.tls);
  const std::string cell = tor_versions_cell();
  auto [wec, wn] =
      co_await asio::async_write(tls, asio::buffer(cell), asio::as_tuple(asio::use_awaitable));
  if (wec) {
    lowest.expires_never();
    s.outcome.or_failure = core::classify(wec);
    co_return;
  }
  std::string got;
  std::array<char, 512> buf{};
  for (;;) {
    auto r = parse_tor_versions_reply(got);
    if (r.status == TorVersionsReply::Status::ok) {
      s.relay_versions = r.versions;
      break;
    }
    if (r.status == TorVersionsReply::Status::not_versions) {
      s.outcome.or_failure = core::Failure::unknown("not a Tor relay: " + r.why);
      break;
    }
    auto [ec, n] =
        co_await tls.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      s.outcome.or_failure = core::classify(ec);
      break;
    }
    got.append(buf.data(), n);
  }
  lowest.expires_never();
}

asio::awaitable<void> measure_target(const TorConfig& config, Slot& s) {
  const TorTarget& t = *s.target;
  auto dialed = co_await config.dialer->dial(t.endpoint, config.timeouts.connect, s.trace);
  if (!dialed.stream) {
    s.outcome.connect_failure =
        dialed.failure ? dialed.failure : core::Failure::unknown("connect failed");
    co_return;
  }
  switch (t.protocol) {
    case TorProtocol::obfs4:
      co_return;  // no obfs4 implementation: TCP reachability only
    case TorProtocol::dir_port: {
      s.outcome.handshake_attempted = true;
      net::HttpRequestSpec request;
      request.url = "http://" + t.address + kTorDirPath;
      request.target = kTorDirPath;
      request.headers.push_back({"Host", t.address});
      for (auto& h : net::ooni_default_headers())
        request.headers.push_back(h);
      net::HttpLimits limits;
      limits.timeout = config.timeouts.http;
      limits.body_cap = kTorDirBodyCap;
      auto rt = co_await net::http_round_trip(*dialed.stream, request, limits, s.trace);
      if (!rt.response) {
        s.outcome.handshake_failure =
            rt.failure ? rt.failure : core::Failure::unknown("no HTTP response");
      } else if (rt.response->code >= 400) {
        // As OONI's urlgetter: an error status is a failed request (an authority serves its
        // descriptor with 200; a middlebox's 404 or 403 is not the authority).
        s.outcome.handshake_failure = core::FailureKind::http_request_failed;
      }
      co_return;
    }
    case TorProtocol::or_port:
    case TorProtocol::or_port_dirauth: {
      s.outcome.handshake_attempted = true;
      net::TlsOptions options;
      options.server_name = "";  // as OONI: no SNI
      options.alpn = {};
      options.no_verify = true;  // relays' link certificates are self-signed
      auto tls = co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                                             config.timeouts.tls, s.trace);
      if (tls.failure || !tls.stream) {
        s.outcome.handshake_failure =
            tls.failure ? tls.failure : core::Failure::unknown("TLS handshake failed");
        co_return;
      }
      if (config.or_handshake)
        co_await versions_exchange(*tls.stream, config, s);
      co_return;
    }
  }
}

asio::awaitable<void> worker(const TorConfig& config, std::vector<Slot>& slots, std::size_t& next) {
  // All workers run on the caller's executor (one strand), so `next` needs no lock.
  while (next < slots.size()) {
    Slot& s = slots[next++];
    co_await measure_target(config, s);
  }
}

json::object target_keys(const Slot& s) {
  const auto& o = s.outcome;
  json::object k;
  k["agent"] = "redirect";
  core::MaybeFailure failure = o.connect_failure ? o.connect_failure : o.handshake_failure;
  k["failure"] = core::failure_json(failure);
  k["network_events"] = model::to_json_array(s.trace.network_events);
  k["queries"] = json::array{};
  k["requests"] = model::to_json_array(s.trace.requests);
  json::object summary;
  summary["connect"] = json::object{{"failure", core::failure_json(o.connect_failure)}};
  if (o.handshake_attempted && o.protocol != TorProtocol::dir_port)
    summary["handshake"] = json::object{{"failure", core::failure_json(o.handshake_failure)}};
  k["summary"] = std::move(summary);
  k["target_address"] = s.target->address;
  k["target_name"] = s.target->name;
  k["target_protocol"] = std::string(to_string(s.target->protocol));
  k["target_source"] = s.target->source;
  k["tcp_connect"] = model::to_json_array(s.trace.tcp_connect);
  k["tls_handshakes"] = model::to_json_array(s.trace.tls_handshakes);
  if (o.or_attempted) {
    json::array versions;
    if (s.relay_versions) {
      for (auto ver : *s.relay_versions)
        versions.push_back(ver);
    }
    k["x_or_handshake"] = json::object{{"failure", core::failure_json(o.or_failure)},
                                       {"versions", std::move(versions)}};
  } else {
    k["x_or_handshake"] = nullptr;
  }
  return k;
}

}  // namespace

asio::awaitable<json::object> run_tor(const TorConfig& config,
                                      const core::MeasurementClock& clock) {
  std::vector<Slot> slots;
  slots.reserve(config.targets.size());
  for (std::size_t i = 0; i < config.targets.size(); ++i) {
    const auto& t = config.targets[i];
    Slot s{&t, net::Trace(clock, static_cast<int64_t>(i + 1)), {}, std::nullopt};
    s.outcome.name = t.name;
    s.outcome.address = t.address;
    s.outcome.protocol = t.protocol;
    slots.push_back(std::move(s));
  }
  std::size_t next = 0;
  std::vector<asio::awaitable<void>> workers;
  const std::size_t n = std::min(std::max<std::size_t>(config.concurrency, 1), slots.size());
  for (std::size_t i = 0; i < n; ++i)
    workers.push_back(worker(config, slots, next));
  co_await net::all_of(std::move(workers));

  std::vector<TorTargetOutcome> outcomes;
  json::object targets;
  for (const auto& s : slots) {
    outcomes.push_back(s.outcome);
    targets[s.target->address] = target_keys(s);
  }
  json::object tk = tor_counters(outcomes);
  tk["targets"] = std::move(targets);
  tk["x_ashyq_verdict"] = analyze_tor(outcomes).to_json();
  co_return tk;
}

asio::awaitable<json::object> measure_tor(const TorConfig& config, EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto keys = co_await run_tor(config, clock);
  co_return finish_measurement(std::move(info), "tor", kTorVersion, "", config, clock,
                               std::move(keys));
}

asio::awaitable<core::Result<json::object>> measure_tor_entry(std::string input,
                                                              const ExperimentSettings& settings,
                                                              EnvelopeInfo info) {
  if (!input.empty())
    co_return core::Error{"", "tor takes no input (got '" + input + "')"};
  TorConfig config;
  static_cast<ProbeBasics&>(config) = settings.common;
  const std::string path =
      settings.options.get("targets").value_or(settings.data_path("tor/targets.csv"));
  auto targets = load_tor_targets(path);
  if (!targets)
    co_return core::Error{"tor targets " + targets.error().where, targets.error().why};
  config.targets = std::move(targets.value());
  if (auto v = settings.options.get("or_handshake")) {
    if (*v == "true" || *v == "1")
      config.or_handshake = true;
    else if (*v == "false" || *v == "0")
      config.or_handshake = false;
    else
      co_return core::Error{"-O or_handshake=" + *v, "expected true or false"};
  }
  co_return co_await measure_tor(config, std::move(info));
}

}  // namespace ashyq::experiments
