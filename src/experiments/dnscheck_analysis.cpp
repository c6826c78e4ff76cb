#include "experiments/dnscheck_analysis.hpp"

#include <algorithm>
#include <set>

#include "core/ascii.hpp"
#include "core/json.hpp"

namespace ashyq::experiments {

namespace json = boost::json;
using analysis::Method;
using core::FailureKind;

namespace {

std::string lower(std::string_view s) {
  std::string out = core::ascii_lower(s);
  if (!out.empty() && out.back() == '.')
    out.pop_back();
  return out;
}

std::vector<std::string> addresses_of(const std::vector<model::DnsAnswer>& answers) {
  std::vector<std::string> out;
  for (const auto& a : answers) {
    if (a.answer_type == "A" || a.answer_type == "AAAA")
      out.push_back(a.value);
  }
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!contains(v, s))
    v.push_back(s);
}

bool is_kind(const core::MaybeFailure& f, std::initializer_list<FailureKind> kinds) {
  return f && std::find(kinds.begin(), kinds.end(), f->kind()) != kinds.end();
}

// A failure that is the content of a reply (the resolver answered), not a transport failure.
bool is_reply_failure(const core::MaybeFailure& f) {
  return is_kind(f, {FailureKind::dns_nxdomain_error, FailureKind::dns_no_answer,
                     FailureKind::android_dns_cache_no_data, FailureKind::dns_refused_error,
                     FailureKind::dns_servfail_error, FailureKind::dns_server_misbehaving});
}

bool says_no_such_name(const core::MaybeFailure& f) {
  return is_kind(f, {FailureKind::dns_nxdomain_error, FailureKind::dns_no_answer,
                     FailureKind::android_dns_cache_no_data});
}

std::string list_text(const std::vector<std::string>& v) {
  if (v.empty())
    return "no address";
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string reply_text(const DnscheckReply& r) {
  if (!r.addresses.empty())
    return list_text(r.addresses);
  if (r.failure)
    return r.failure->str();
  return "an empty answer";
}

std::string resolver_name(const DnscheckLookup& l) {
  if (l.engine == "getaddrinfo")
    return "the system resolver (getaddrinfo)";
  std::string what = l.role == "isp"       ? "the ISP's resolver"
                     : l.role == "foreign" ? "the foreign resolver"
                     : l.role == "nonresolver"
                         ? "the non-resolver"
                         : (l.role == "doh" ? "DoH" : (l.role == "dot" ? "DoT" : l.role));
  return what + " " + l.address + " (" + l.engine + ")";
}

// The late reply's content differs from the first reply to the same query.
bool contradicts(const DnscheckReply& first, const DnscheckReply& late) {
  std::set<std::string> a(first.addresses.begin(), first.addresses.end());
  std::set<std::string> b(late.addresses.begin(), late.addresses.end());
  if (a != b)
    return true;
  const auto fk = first.failure ? std::optional(first.failure->kind()) : std::nullopt;
  const auto lk = late.failure ? std::optional(late.failure->kind()) : std::nullopt;
  return fk != lk || first.rcode != late.rcode;
}

bool certificate_error(const core::MaybeFailure& f) {
  return is_kind(f, {FailureKind::ssl_invalid_hostname, FailureKind::ssl_unknown_authority,
                     FailureKind::ssl_invalid_certificate});
}

struct Finding {
  double confidence;
  std::string text;
};

}  // namespace

std::string_view to_string(DnscheckChannel c) {
  switch (c) {
    case DnscheckChannel::plaintext:
      return "plaintext";
    case DnscheckChannel::encrypted:
      return "encrypted";
    case DnscheckChannel::nonresolver:
      return "nonresolver";
  }
  return "plaintext";
}

DnscheckLookup dnscheck_lookup(std::string role, DnscheckChannel channel, std::string engine,
                               std::string address, const std::vector<std::string>& addresses,
                               const core::MaybeFailure& failure,
                               const std::vector<model::DnsQuery>& queries,
                               const std::vector<model::DnsQuery>& duplicates,
                               std::string_view domain) {
  DnscheckLookup l;
  l.role = std::move(role);
  l.channel = channel;
  l.engine = std::move(engine);
  l.address = std::move(address);
  l.addresses = addresses;
  l.failure = failure;
  const std::string name = lower(domain);
  auto reply_of = [&](const model::DnsQuery& q) -> std::optional<DnscheckReply> {
    if (lower(q.hostname) != name || q.engine != l.engine)
      return std::nullopt;
    auto addrs = addresses_of(q.answers);
    const bool got = q.raw_response.has_value() || !addrs.empty() || is_reply_failure(q.failure);
    if (!got)
      return std::nullopt;
    return DnscheckReply{q.query_type, q.rcode, q.failure, std::move(addrs)};
  };
  for (const auto& q : queries) {
    if (auto r = reply_of(q))
      l.first.push_back(std::move(*r));
  }
  for (const auto& q : duplicates) {
    if (auto r = reply_of(q))
      l.late.push_back(std::move(*r));
  }
  return l;
}

std::vector<std::string> dnscheck_addresses_to_verify(const DnscheckInput& in,
                                                      const DnscheckOptions& options,
                                                      std::size_t cap) {
  const auto& bogons = options.bogons ? *options.bogons : analysis::BogonList::defaults();
  auto dialable = [&](const std::string& a) {
    return !bogons.is_bogon(a) && !analysis::is_loopback(a);
  };
  std::vector<std::string> encrypted;
  for (const auto& l : in.lookups) {
    if (l.channel != DnscheckChannel::encrypted)
      continue;
    for (const auto& a : l.addresses) {
      if (dialable(a))
        add_unique(encrypted, a);
    }
  }
  if (encrypted.empty())
    return {};
  std::vector<std::string> out;
  for (const auto& l : in.lookups) {
    if (l.channel != DnscheckChannel::plaintext)
      continue;
    std::vector<std::string> all = l.addresses;
    for (const auto& r : l.late)
      all.insert(all.end(), r.addresses.begin(), r.addresses.end());
    for (const auto& a : all) {
      if (dialable(a) && !contains(encrypted, a))
        add_unique(out, a);
    }
  }
  if (out.empty())
    return {};
  for (std::size_t i = 0; i < encrypted.size() && i < 2; ++i)
    out.push_back(encrypted[i]);
  if (out.size() > cap) {
    // Keep the references: drop plaintext-only addresses beyond the cap.
    const std::size_t refs = std::min<std::size_t>(2, encrypted.size());
    std::vector<std::string> trimmed(out.begin(), out.begin() + (cap - refs));
    trimmed.insert(trimmed.end(), out.end() - refs, out.end());
    out = std::move(trimmed);
  }
  return out;
}

DnscheckResult analyze_dnscheck(const DnscheckInput& in, const DnscheckOptions& options) {
  const auto& bogons = options.bogons ? *options.bogons : analysis::BogonList::defaults();
  DnscheckResult result;
  std::vector<Finding> findings;
  auto find = [&](double confidence, std::string text) {
    findings.push_back({confidence, std::move(text)});
  };

  // What the encrypted resolvers said: the reference a censor on the path cannot forge.
  std::vector<std::string> encrypted, encrypted_public;
  std::vector<std::string> encrypted_names;
  for (const auto& l : in.lookups) {
    if (l.channel != DnscheckChannel::encrypted)
      continue;
    if (!l.addresses.empty())
      encrypted_names.push_back(l.role == "doh" ? "DoH" : (l.role == "dot" ? "DoT" : l.role));
    for (const auto& a : l.addresses) {
      add_unique(encrypted, a);
      if (!bogons.is_bogon(a))
        add_unique(encrypted_public, a);
    }
  }
  std::string reference;
  for (const auto& n : encrypted_names)
    reference += (reference.empty() ? "" : "/") + n;
  auto tls_check = [&](const std::string& a) -> const DnscheckTlsCheck* {
    for (const auto& c : in.tls_checks) {
      if (c.address == a)
        return &c;
    }
    return nullptr;
  };
  std::string verified_reference;  // an encrypted answer that verified for the domain
  for (const auto& a : encrypted) {
    if (auto* c = tls_check(a); c && !c->failure) {
      verified_reference = a;
      break;
    }
  }

  std::size_t plaintext = 0, plaintext_timeouts = 0;
  std::vector<std::string> timeout_names;
  for (const auto& l : in.lookups) {
    DnscheckResolverSummary s;
    s.role = l.role;
    s.channel = std::string(to_string(l.channel));
    s.engine = l.engine;
    s.address = l.address;
    s.addresses = l.addresses;
    s.failure = l.failure;
    s.late_replies = l.late.size();
    for (const auto& r : l.late) {
      for (const auto& a : r.addresses) {
        if (!contains(l.addresses, a))
          add_unique(s.late_addresses, a);
      }
    }
    const std::string who = resolver_name(l);

    // 1. Injection.
    if (l.channel == DnscheckChannel::nonresolver) {
      if (l.answered()) {
        s.injected = true;
        const auto& r = l.first.empty() ? l.late.front() : l.first.front();
        find(0.95, who + " answered the " + r.query_type + " query for " + in.domain + " with " +
                       reply_text(r) +
                       ": nothing answers DNS there, so an on-path injector forged the reply");
      }
      result.resolvers.push_back(std::move(s));
      continue;
    }
    for (const auto& late : l.late) {
      auto first = std::find_if(l.first.begin(), l.first.end(), [&](const DnscheckReply& f) {
        return f.query_type == late.query_type;
      });
      if (first != l.first.end() && contradicts(*first, late)) {
        if (!s.injected) {
          find(0.9, who + " sent different replies to one " + late.query_type + " query for " +
                        in.domain + ": first " + reply_text(*first) + ", then " + reply_text(late) +
                        ": a forged answer raced the true one");
        }
        s.injected = true;
      }
    }

    if (l.channel != DnscheckChannel::plaintext) {
      result.resolvers.push_back(std::move(s));
      continue;
    }
    ++plaintext;

    // 2. Bogons and fingerprinted addresses.
    std::vector<std::string> all = l.addresses;
    all.insert(all.end(), s.late_addresses.begin(), s.late_addresses.end());
    for (const auto& a : all) {
      if (bogons.is_bogon(a))
        add_unique(s.bogons, a);
    }
    bool tampered = false;
    if (!s.bogons.empty() && !encrypted_public.empty()) {
      tampered = true;
      find(0.9, who + " answered " + list_text(s.bogons) + " for " + in.domain +
                    ", an address no public server can have, while " + reference + " answered " +
                    list_text(encrypted_public));
    } else if (!s.bogons.empty() && encrypted.empty()) {
      tampered = true;
      find(0.6, who + " answered " + list_text(s.bogons) + " for " + in.domain +
                    ", an address no public server can have (no encrypted answer to compare)");
    }
    if (options.fingerprints) {
      for (const auto& a : all) {
        if (contains(encrypted, a))
          continue;
        for (const auto& m : options.fingerprints->match_dns(a, options.probe_cc)) {
          add_unique(s.fingerprinted, a);
          result.verdict.fingerprints.push_back(m);
          tampered = true;
          find(m.confirmed ? 0.9 : 0.7, who + " answered " + a + " for " + in.domain +
                                            ", a known blockpage address (" + m.name + ")");
        }
      }
    }

    // 3–4. Compared with the encrypted answers.
    if (!l.addresses.empty() && !encrypted.empty()) {
      bool shared = std::any_of(l.addresses.begin(), l.addresses.end(),
                                [&](const std::string& a) { return contains(encrypted, a); });
      if (shared) {
        s.consistency = "consistent";
      } else {
        std::vector<std::string> only;
        for (const auto& a : l.addresses) {
          if (!bogons.is_bogon(a))
            only.push_back(a);
        }
        const DnscheckTlsCheck* bad = nullptr;
        bool verified = false;
        for (const auto& a : only) {
          if (auto* c = tls_check(a)) {
            if (!c->failure)
              verified = true;
            else if (certificate_error(c->failure) && !bad)
              bad = c;
          }
        }
        bool same_asn = false;
        if (options.asn) {
          for (const auto& a : only) {
            const auto x = options.asn(a);
            for (const auto& b : encrypted_public)
              same_asn = same_asn || (x != 0 && x == options.asn(b));
          }
        }
        if (bad && !verified && !verified_reference.empty()) {
          tampered = true;
          find(0.85, who + " answered " + list_text(only) + " for " + in.domain +
                         ", where TLS for " + in.domain + " fails (" + bad->failure->str() +
                         ") while " + reference + "'s " + verified_reference +
                         " verifies: the answer points to another server");
        } else if (verified || same_asn) {
          s.consistency = "cdn";
        } else if (!only.empty()) {
          s.consistency = "different";
        }
      }
    } else if (l.addresses.empty()) {
      if (says_no_such_name(l.failure) && !encrypted_public.empty()) {
        tampered = true;
        find(0.8, who + " says " + l.failure->str() + " for " + in.domain + " while " + reference +
                      " resolve it to " + list_text(encrypted_public));
      } else if (is_kind(l.failure, {FailureKind::generic_timeout_error})) {
        ++plaintext_timeouts;
        timeout_names.push_back(who);
      }
      if (s.consistency.empty())
        s.consistency = "failed";
    }
    if (tampered)
      s.consistency = "tampered";
    else if (s.consistency.empty())
      s.consistency = "no_comparison";
    result.resolvers.push_back(std::move(s));
  }

  // 5. Every plaintext query dropped.
  if (plaintext > 0 && plaintext_timeouts == plaintext && !encrypted_public.empty()) {
    std::string names;
    for (const auto& n : timeout_names)
      names += (names.empty() ? "" : ", ") + n;
    find(0.7, "every plaintext query for " + in.domain + " timed out (" + names + ") while " +
                  reference + " answered " + list_text(encrypted_public) +
                  ": the queries are dropped on the path");
  }

  for (const auto& s : result.resolvers)
    result.injection = result.injection || s.injected;
  result.inconsistent =
      std::any_of(result.resolvers.begin(), result.resolvers.end(),
                  [](const DnscheckResolverSummary& s) { return s.consistency == "tampered"; }) ||
      (plaintext > 0 && plaintext_timeouts == plaintext && !encrypted_public.empty());

  // The answers, one line per resolver, after the headline findings.
  std::vector<std::string> details;
  for (const auto& l : in.lookups) {
    std::string line = resolver_name(l) + ": ";
    if (!l.addresses.empty())
      line += list_text(l.addresses);
    else if (l.failure)
      line += l.failure->str();
    else
      line += "no address";
    std::size_t identical = 0;
    for (const auto& r : l.late) {
      auto first = std::find_if(l.first.begin(), l.first.end(), [&](const DnscheckReply& f) {
        return f.query_type == r.query_type;
      });
      if (first != l.first.end() && !contradicts(*first, r))
        ++identical;
      else
        line += "; then " + reply_text(r) + " (" + r.query_type + ", a later reply)";
    }
    if (identical > 0)
      line += " (+" + std::to_string(identical) + " identical later " +
              (identical == 1 ? "reply" : "replies") + ")";
    details.push_back(std::move(line));
  }

  auto& v = result.verdict;
  if (!findings.empty()) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
      return a.confidence > b.confidence;
    });
    v.method = Method::dns;
    v.confidence = findings.front().confidence;
    for (auto& f : findings)
      v.evidence.push_back(std::move(f.text));
  } else if (encrypted.empty()) {
    bool all_nx = true, any = false;
    for (const auto& l : in.lookups) {
      if (l.channel == DnscheckChannel::nonresolver)
        continue;
      any = true;
      all_nx = all_nx && says_no_such_name(l.failure);
    }
    if (any && all_nx) {
      v.method = Method::down;
      v.confidence = 0.8;
      v.evidence.push_back("no resolver knows " + in.domain + ", plaintext or encrypted");
    } else {
      v.method = Method::unknown;
      v.confidence = 0.3;
      v.evidence.push_back("no encrypted resolver (DoH, DoT) answered for " + in.domain +
                           ": nothing trustworthy to compare the plaintext answers with");
    }
  } else {
    v.method = Method::none;
    bool different = false, cdn = false, failed = false;
    for (const auto& s : result.resolvers) {
      different = different || s.consistency == "different";
      cdn = cdn || s.consistency == "cdn";
      failed = failed || s.consistency == "failed";
    }
    if (different) {
      v.confidence = 0.6;
      v.evidence.push_back(
          "a plaintext answer for " + in.domain + " shares no address with " + reference + "'s (" +
          list_text(encrypted) +
          "), but no bogon, blockpage or certificate evidence: CDNs answer each resolver with "
          "servers of their own, so a mere difference is not flagged");
    } else if (cdn) {
      v.confidence = 0.85;
      v.evidence.push_back("the plaintext answers for " + in.domain + " differ from " + reference +
                           "'s but are valid for the name (a CDN giving each resolver its own "
                           "servers): no tampering seen");
    } else {
      v.confidence = failed ? 0.7 : 0.9;
      v.evidence.push_back("the plaintext answers for " + in.domain + " agree with " + reference +
                           "'s, with no injected reply: no DNS tampering seen");
    }
  }
  v.evidence.insert(v.evidence.end(), details.begin(), details.end());
  result.addresses_to_verify = dnscheck_addresses_to_verify(in, options);
  return result;
}

json::object dnscheck_summary_json(const DnscheckInput& in, const DnscheckResult& result) {
  auto strings = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v)
      a.push_back(json::value(s));
    return a;
  };
  json::object resolvers;
  for (const auto& s : result.resolvers) {
    json::object o;
    o["channel"] = s.channel;
    o["engine"] = s.engine;
    o["resolver_address"] = s.address;
    o["addresses"] = strings(s.addresses);
    o["failure"] = core::failure_json(s.failure);
    o["late_replies"] = s.late_replies;
    o["late_addresses"] = strings(s.late_addresses);
    o["injected"] = s.injected;
    o["bogons"] = strings(s.bogons);
    o["fingerprinted"] = strings(s.fingerprinted);
    o["consistency"] = s.consistency.empty() ? json::value(nullptr) : json::value(s.consistency);
    resolvers[s.role] = std::move(o);
  }
  json::array checks;
  for (const auto& c : in.tls_checks) {
    json::object o;
    o["address"] = c.address;
    o["connected"] = c.connected;
    o["verified"] = !c.failure;
    o["failure"] = core::failure_json(c.failure);
    checks.push_back(std::move(o));
  }
  json::object out;
  out["resolvers"] = std::move(resolvers);
  out["tls_checks"] = std::move(checks);
  out["injection"] = result.injection;
  out["inconsistent"] = result.inconsistent;
  return out;
}

}  // namespace ashyq::experiments
