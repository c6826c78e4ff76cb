#include "analysis/classic_lte.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/bogon_list.hpp"
#include "analysis/ip_prefix.hpp"
#include "model/url_parts.hpp"

namespace ashyq::analysis {
namespace {

using core::FailureKind;
using Type = ObservationRow::Type;

bool is_final_status(std::int64_t code) {
  return (code >= 200 && code < 300) || (code >= 400 && code < 600);
}

std::string failure_text(const core::MaybeFailure& f) {
  return f ? f->str() : std::string();
}

}  // namespace

bool ObservationRow::is_final() const {
  return type == Type::http && !failure && http && is_final_status(http->status_code());
}

std::vector<ObservationRow> observation_rows(const model::WebConnectivityMeasurement& in) {
  std::vector<ObservationRow> rows;
  const auto url = model::split_url(in.input_url);
  const std::string host = url ? url->host : "";

  // DNS rows: one per system-resolver lookup (a lookup's A/AAAA records merged), other engines'
  // lookups are kept but not classic. The first lookup giving an IP names its domain and origin.
  std::map<std::string, std::pair<std::string, bool>> ip_origin;  // ip → (domain, system)
  // Every IP some system-resolver lookup returned. The classic filter keeps an endpoint whose IP
  // is in here whichever lookup came first in `queries` (OONI's ClassicFilter): a DoH answer
  // listed before the getaddrinfo one must not make the endpoint non-classic.
  std::set<std::string> system_ips;
  std::map<std::tuple<std::string, std::string, int>, std::size_t> lookup_row;
  for (const auto& q : in.queries) {
    const std::string domain = q.hostname.empty() ? host : q.hostname;
    const auto key = std::make_tuple(q.is_system_resolver() ? std::string("system") : q.engine,
                                     domain, q.tags.depth());
    auto it = lookup_row.find(key);
    if (it == lookup_row.end()) {
      ObservationRow r;
      r.type = Type::dns;
      r.depth = q.tags.depth();
      r.transaction_id = q.transaction_id;
      r.domain = domain;
      r.classic = q.is_system_resolver();
      it = lookup_row.emplace(key, rows.size()).first;
      rows.push_back(std::move(r));
    }
    auto& r = rows[it->second];
    for (auto& ip : q.addresses()) {
      ip_origin.emplace(ip, std::make_pair(domain, q.is_system_resolver()));
      if (q.is_system_resolver())
        system_ips.insert(ip);
      if (std::find(r.addrs.begin(), r.addrs.end(), ip) == r.addrs.end())
        r.addrs.push_back(ip);
    }
    const bool aaaa_no_answer =
        q.failure && q.query_type == "AAAA" && q.failure->kind() == FailureKind::dns_no_answer;
    if (q.failure && !aaaa_no_answer && !r.failure)
      r.failure = q.failure;
  }
  for (auto& r : rows) {
    if (!r.addrs.empty())
      r.failure.reset();  // a lookup that produced addresses succeeded
  }

  std::set<std::string> th_addrs;
  if (in.control)
    th_addrs.insert(in.control->dns.addrs.begin(), in.control->dns.addrs.end());

  // Endpoint rows: a TCP connect, the TLS handshake and the HTTP transaction sharing its id.
  std::set<const model::TlsHandshake*> used_tls;
  std::set<const model::HttpTransaction*> used_http;
  for (const auto& t : in.tcp_connect) {
    ObservationRow r;
    r.type = Type::tcp;
    r.depth = t.tags.depth();
    r.transaction_id = t.transaction_id;
    r.ip = t.ip;
    r.port = std::to_string(t.port);
    r.fetch_body = t.tags.fetch_body();
    r.failure = t.failure;
    const auto endpoint = t.endpoint();
    if (!r.failure) {
      for (const auto& h : in.tls_handshakes) {
        const bool same = t.transaction_id != 0 ? h.transaction_id == t.transaction_id
                                                : h.address == endpoint && !used_tls.count(&h);
        if (!same)
          continue;
        used_tls.insert(&h);
        r.type = Type::tls;
        r.server_name = h.server_name;
        r.failure = h.failure;
        r.over_tls = true;
        break;
      }
    }
    if (!r.failure && t.transaction_id != 0) {
      for (const auto& h : in.requests) {
        if (h.transaction_id != t.transaction_id)
          continue;
        used_http.insert(&h);
        r.type = Type::http;
        r.http = &h;
        r.failure = h.failure;
        break;
      }
    }
    if (auto it = ip_origin.find(r.ip); it != ip_origin.end()) {
      r.domain = it->second.first;
      r.classic = system_ips.count(r.ip) && r.fetch_body;
    } else {
      // Unknown origin (an IP-literal URL, a redirect to an address) is classic; an address only
      // the test helper knew is not.
      r.domain = host;
      r.classic = r.fetch_body && !th_addrs.count(r.ip);
    }
    rows.push_back(std::move(r));
  }
  // Transactions with no recorded connect (v0.4 data, or a failure before connecting).
  for (const auto& h : in.requests) {
    if (used_http.count(&h))
      continue;
    ObservationRow r;
    r.type = Type::http;
    r.depth = h.tags.depth();
    r.transaction_id = h.transaction_id;
    r.http = &h;
    r.failure = h.failure;
    r.fetch_body = h.tags.fetch_body();
    r.classic = r.fetch_body;
    if (auto ep = split_endpoint(h.address)) {
      r.ip = ep->ip;
      r.port = ep->port;
    }
    rows.push_back(std::move(r));
  }
  for (auto& r : rows) {
    if (r.http) {
      const auto u = model::split_url(r.http->request.url);
      r.over_tls = r.over_tls || (u && u->scheme == "https");
    }
  }

  std::stable_sort(rows.begin(), rows.end(), [](const ObservationRow& a, const ObservationRow& b) {
    if (a.depth != b.depth)
      return a.depth > b.depth;
    if (a.type != b.type)
      return static_cast<int>(a.type) < static_cast<int>(b.type);
    const auto fa = failure_text(a.failure), fb = failure_text(b.failure);
    if (fa != fb)
      return fa < fb;
    return a.transaction_id > b.transaction_id;
  });
  return rows;
}

void apply_lte_outcome(ClassicKeys& k, LteOutcome outcome, Blocking reason) {
  if (outcome != LteOutcome::accessible && k.dns_consistency == DnsConsistency::inconsistent) {
    k.blocking = Blocking::dns;
    k.accessible = false;
    return;
  }
  switch (outcome) {
    case LteOutcome::accessible:
      k.blocking = Blocking::none;
      k.accessible = true;
      break;
    case LteOutcome::blocked:
      k.blocking = reason;
      k.accessible = false;
      break;
    case LteOutcome::nil:
      k.blocking = Blocking::null;
      k.accessible.reset();
      break;
    case LteOutcome::down:
      k.blocking = Blocking::none;
      k.accessible = false;
      break;
  }
}

ClassicKeys analyze_classic_lte(const model::WebConnectivityMeasurement& in, const AsnTable& asns) {
  ClassicKeys k;
  const auto url = model::split_url(in.input_url);
  const std::string host = url ? url->host : "";
  const auto lookup = classic_lookup(in);
  k.dns_experiment_failure = lookup.failure;
  k.dns_consistency = dns_consistency_lte(in, asns);

  auto rows = observation_rows(in);
  std::erase_if(rows, [](const ObservationRow& r) { return !r.classic; });

  // Step 5: compare the final response (the deepest one; rows are already in walk order).
  const ObservationRow* final_row = nullptr;
  for (const auto& r : rows) {
    if (r.is_final()) {
      final_row = &r;
      break;
    }
  }
  const bool th_http = in.has_control();
  if (final_row && th_http) {
    k.http = compare_http_lte(final_row->http, in.control->http_request);
  }
  const model::ControlResponse* ctl = th_http ? &*in.control : nullptr;
  const bool th_http_failed = ctl && ctl->http_request.failure.has_value();

  // Step 6: the first row a rule explains decides.
  for (const auto& r : rows) {
    const bool same_domain_depth0 = r.depth == 0 && r.domain == host;
    if (r.type == Type::http && r.is_final()) {
      if (r.over_tls) {
        apply_lte_outcome(k, LteOutcome::accessible);
      } else if (!th_http) {
        apply_lte_outcome(k, LteOutcome::nil);
      } else if (!k.http.is_diff()) {
        apply_lte_outcome(k, LteOutcome::accessible);
      } else {
        apply_lte_outcome(k, LteOutcome::blocked, Blocking::http_diff);
      }
      return k;
    }
    if (r.type == Type::http && r.failure) {
      k.http_experiment_failure = r.failure;
      if (!th_http) {
        apply_lte_outcome(k, LteOutcome::nil);
      } else if (th_http_failed) {
        apply_lte_outcome(k, LteOutcome::down);
      } else {
        apply_lte_outcome(k, LteOutcome::blocked, Blocking::http_failure);
      }
      return k;
    }
    if (r.type == Type::tls && r.failure) {
      k.http_experiment_failure = r.failure;
      const model::ControlTlsHandshake* th_tls = nullptr;
      if (ctl && r.depth == 0) {
        auto it = ctl->tls_handshake.find(join_endpoint(r.ip, r.port));
        if (it != ctl->tls_handshake.end() &&
            (it->second.server_name.empty() || it->second.server_name == r.server_name)) {
          th_tls = &it->second;
        }
      }
      if (!th_tls) {
        apply_lte_outcome(k, th_http ? LteOutcome::blocked : LteOutcome::nil,
                          Blocking::http_failure);
      } else if (th_tls->failure || !th_tls->status) {
        apply_lte_outcome(k, LteOutcome::down);
      } else {
        apply_lte_outcome(k, LteOutcome::blocked, Blocking::http_failure);
      }
      return k;
    }
    if (r.type == Type::tcp && r.failure) {
      k.http_experiment_failure = r.failure;
      const model::ControlTcpConnect* th_tcp = nullptr;
      if (ctl && r.depth == 0) {
        auto it = ctl->tcp_connect.find(join_endpoint(r.ip, r.port));
        if (it != ctl->tcp_connect.end())
          th_tcp = &it->second;
      }
      if (!th_tcp) {
        apply_lte_outcome(k, th_http ? LteOutcome::blocked : LteOutcome::nil,
                          Blocking::http_failure);
      } else if (th_tcp->failure || !th_tcp->status) {
        apply_lte_outcome(k, LteOutcome::down);
      } else {
        apply_lte_outcome(k, LteOutcome::blocked, Blocking::tcp_ip);
      }
      return k;
    }
    if (r.type == Type::dns && r.failure) {
      const model::ControlDns* th_dns = ctl && same_domain_depth0 ? &ctl->dns : nullptr;
      if (!th_dns) {
        k.http_experiment_failure = r.failure;
        if (!th_http) {
          apply_lte_outcome(k, LteOutcome::accessible);  // OONI's quirk, pitfall 9
        } else {
          apply_lte_outcome(k, LteOutcome::blocked, Blocking::dns);
        }
      } else if (th_dns->failure) {
        k.http_experiment_failure = r.failure;
        apply_lte_outcome(k, LteOutcome::down);
      } else if (r.failure->kind() == FailureKind::dns_no_answer && th_dns->addrs.empty()) {
        apply_lte_outcome(k, LteOutcome::down);
      } else {
        k.http_experiment_failure = r.failure;
        apply_lte_outcome(k, LteOutcome::blocked, Blocking::dns);
      }
      return k;
    }
    if (r.type == Type::dns && !r.addrs.empty() && ctl && same_domain_depth0) {
      const bool probe_loopback_only = std::all_of(r.addrs.begin(), r.addrs.end(),
                                                   [](const auto& ip) { return is_loopback(ip); });
      if (!probe_loopback_only)
        continue;
      const auto& th = ctl->dns.addrs;
      const bool th_has_public =
          std::any_of(th.begin(), th.end(), [](const auto& ip) { return !is_loopback(ip); });
      if (th_has_public) {
        apply_lte_outcome(k, LteOutcome::blocked, Blocking::dns);
        return k;
      }
      if (!th.empty()) {
        apply_lte_outcome(k, LteOutcome::down);
        return k;
      }
    }
  }
  // No row matched: blocking and accessible stay null.
  return k;
}

}  // namespace ashyq::analysis
