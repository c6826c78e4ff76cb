#include "net/trace.hpp"

namespace ashyq::net {

namespace {
template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  from.clear();
}
}  // namespace

void Trace::merge(Trace&& other) {
  append(queries, other.queries);
  append(dns_duplicates, other.dns_duplicates);
  append(tcp_connect, other.tcp_connect);
  append(tls_handshakes, other.tls_handshakes);
  append(requests, other.requests);
  append(network_events, other.network_events);
  dropped_events += other.dropped_events;
}

}  // namespace ashyq::net
