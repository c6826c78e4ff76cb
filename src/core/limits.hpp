// Size caps and default step deadlines, in one place. Every buffer that holds bytes from the
// network has a cap here; every network step has a deadline here (callers may shorten them).
// Values follow OONI where OONI has one (../docs/core.md says which).
#pragma once

#include <chrono>
#include <cstddef>

namespace ashyq::core {

using namespace std::chrono_literals;

struct SizeCaps {
  static constexpr std::size_t kHttpBody = 1 << 19;        // 512 KiB, OONI LTE's snapshot
  static constexpr std::size_t kHttpHeader = 64 * 1024;    // whole header block
  static constexpr std::size_t kDnsMessageUdp = 65535;     // one datagram: UDP's largest
  static constexpr std::size_t kDnsMessageTcp = 65535;     // the length prefix allows no more
  static constexpr std::size_t kCertificateChain = 16;     // certificates kept per handshake
  static constexpr std::size_t kDnsDuplicateAnswers = 16;  // late replies kept per query
  static constexpr std::size_t kRedirects = 10;            // hops followed, as Go and OONI
  static constexpr std::size_t kNetworkEvents = 4096;      // events kept per trace
};

struct StepTimeouts {
  std::chrono::milliseconds dns = 4000ms;        // per resolver lookup (OONI LTE)
  std::chrono::milliseconds dns_linger = 500ms;  // wait for late DNS replies after the first
  std::chrono::milliseconds dns_retry = 1000ms;  // resend an unanswered UDP query (0: never)
  std::chrono::milliseconds connect = 10000ms;   // TCP connect
  std::chrono::milliseconds tls = 10000ms;       // TLS handshake
  std::chrono::milliseconds http = 10000ms;      // one HTTP round trip including the body
};

}  // namespace ashyq::core
