// A Trace collects the archival records of one flow (one DNS lookup, or one TCP→TLS→HTTP
// connection): every record gets the trace's transaction id and tags and times from the shared
// measurement clock. An experiment makes a trace per flow and drains it into its test keys.
//
// Not thread-safe: a trace belongs to the coroutine (strand) that runs its flow.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/limits.hpp"
#include "model/archival_json.hpp"
#include "model/dns_query.hpp"
#include "model/event_tags.hpp"
#include "model/http_transaction.hpp"
#include "model/network_event.hpp"
#include "model/tcp_connect.hpp"
#include "model/tls_handshake.hpp"

namespace ashyq::net {

class Trace {
 public:
  Trace(const core::MeasurementClock& clock, int64_t transaction_id, model::EventTags tags = {})
      : clock_(&clock), transaction_id_(transaction_id), tags_(std::move(tags)) {}

  double now() const { return clock_->now(); }

  // A trace that does not archive keeps nothing: its flow is measured for its outcome only (the
  // test helper's checks and fetch, whose answer holds no archival records), and the layers
  // below skip building records (events, peer certificates, response copies) nobody keeps.
  void set_archive(bool on) { archive_ = on; }
  bool archive() const { return archive_; }
  int64_t transaction_id() const { return transaction_id_; }
  const model::EventTags& tags() const { return tags_; }

  // Stamps id and tags onto a record (its t0/t are set by the caller).
  template <typename Record>
  Record& stamp(Record& r) const {
    r.transaction_id = transaction_id_;
    r.tags = tags_;
    return r;
  }

  void add(model::DnsQuery q) {
    if (archive_)
      queries.push_back(std::move(stamp(q)));
  }
  void add_duplicate(model::DnsQuery q) {
    if (archive_ && dns_duplicates.size() < core::SizeCaps::kDnsDuplicateAnswers) {
      dns_duplicates.push_back(std::move(stamp(q)));
    }
  }
  void add(model::TcpConnect c) {
    if (archive_)
      tcp_connect.push_back(std::move(stamp(c)));
  }
  void add(model::TlsHandshake h) {
    if (archive_)
      tls_handshakes.push_back(std::move(stamp(h)));
  }
  void add(model::HttpTransaction r) {
    if (archive_)
      requests.push_back(std::move(stamp(r)));
  }
  void add(model::NetworkEvent e) {
    if (!archive_)
      return;
    if (network_events.size() < core::SizeCaps::kNetworkEvents) {
      network_events.push_back(std::move(stamp(e)));
    } else {
      ++dropped_events;
    }
  }

  // Appends everything in `other` to this trace, keeping the records' own ids and tags.
  void merge(Trace&& other);

  std::vector<model::DnsQuery> queries;
  std::vector<model::DnsQuery> dns_duplicates;
  std::vector<model::TcpConnect> tcp_connect;
  std::vector<model::TlsHandshake> tls_handshakes;
  std::vector<model::HttpTransaction> requests;
  std::vector<model::NetworkEvent> network_events;
  std::size_t dropped_events = 0;

 private:
  const core::MeasurementClock* clock_;
  int64_t transaction_id_;
  model::EventTags tags_;
  bool archive_ = true;
};

}  // namespace ashyq::net
