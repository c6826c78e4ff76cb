// The helper's guard against being used to reach what it must not: loopback, private,
// link-local, CGNAT, multicast, documentation and other special-purpose addresses (the bogon
// list), unless the operator declared a prefix reachable (a lab). It wraps a resolver and a
// dialer, so a name that resolves to a special address (DNS rebinding) is caught as surely as an
// address the probe sent: the guarded resolver drops such answers (only special answers →
// dns_bogon_error) and the guarded dialer refuses them without sending a packet.
#pragma once

#include <memory>

#include "analysis/bogon_list.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"

namespace ashyq::helper {

class AddressPolicy {
 public:
  explicit AddressPolicy(analysis::BogonList forbidden) : forbidden_(std::move(forbidden)) {}
  bool may_connect(std::string_view ip) const { return !forbidden_.is_bogon(ip); }
  const analysis::BogonList& forbidden() const { return forbidden_; }

 private:
  analysis::BogonList forbidden_;
};

class GuardedResolver final : public net::Resolver {
 public:
  GuardedResolver(std::shared_ptr<net::Resolver> inner, std::shared_ptr<const AddressPolicy> p)
      : inner_(std::move(inner)), policy_(std::move(p)) {}
  boost::asio::awaitable<net::LookupResult> lookup(std::string host, net::Trace& trace) override;
  std::string engine() const override { return inner_->engine(); }
  std::string address() const override { return inner_->address(); }

 private:
  std::shared_ptr<net::Resolver> inner_;
  std::shared_ptr<const AddressPolicy> policy_;
};

class GuardedDialer final : public net::Dialer {
 public:
  GuardedDialer(std::shared_ptr<net::Dialer> inner, std::shared_ptr<const AddressPolicy> p)
      : inner_(std::move(inner)), policy_(std::move(p)) {}
  boost::asio::awaitable<net::DialResult> dial(net::Endpoint endpoint,
                                               std::chrono::milliseconds timeout,
                                               net::Trace& trace) override;

 private:
  std::shared_ptr<net::Dialer> inner_;
  std::shared_ptr<const AddressPolicy> policy_;
};

}  // namespace ashyq::helper
