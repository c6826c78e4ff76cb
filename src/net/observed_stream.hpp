// ObservedStream wraps a stream and records every read and write as an OONI network event
// (operation, byte count, failure, times) into a Trace. It is a drop-in AsyncReadStream /
// AsyncWriteStream: TLS and HTTP run on top of it, so the events show the bytes on the wire.
//
// The completion handler's executor and cancellation slot are preserved, so cancellation and
// strands work through the wrapper as they do on the bare stream.
#pragma once

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <string>
#include <utility>

#include "core/classify.hpp"
#include "net/trace.hpp"

namespace ashyq::net {

template <typename Next>
class ObservedStream {
 public:
  using next_layer_type = Next;
  // asio::ssl::stream asks its next layer for the lowest layer (the socket).
  using lowest_layer_type = typename Next::socket_type;
  using executor_type = typename Next::executor_type;

  ObservedStream(Next next, Trace& trace, std::string address)
      : next_(std::move(next)), trace_(&trace), address_(std::move(address)) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  Next& next_layer() noexcept { return next_; }
  const Next& next_layer() const noexcept { return next_; }
  lowest_layer_type& lowest_layer() noexcept { return next_.socket(); }
  const lowest_layer_type& lowest_layer() const noexcept { return next_.socket(); }
  const std::string& address() const { return address_; }
  Trace& trace() { return *trace_; }
  // Records from now on go to `trace` (a connection handed from one flow to another).
  void retrace(Trace& trace) { trace_ = &trace; }

  template <typename MutableBuffers, typename Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& b) {
          start(handler, "read", [&](auto h) { next_.async_read_some(b, std::move(h)); });
        },
        token, buffers);
  }

  template <typename ConstBuffers, typename Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) {
          start(handler, "write", [&](auto h) { next_.async_write_some(b, std::move(h)); });
        },
        token, buffers);
  }

 private:
  // Runs `launch` with a handler that records the event and then completes `handler`, keeping
  // the handler's executor and cancellation slot.
  template <typename Handler, typename Launch>
  void start(Handler& handler, const char* operation, Launch&& launch) {
    if (!trace_->archive()) {
      launch(std::move(handler));
      return;
    }
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    auto ex = boost::asio::get_associated_executor(handler, next_.get_executor());
    double t0 = trace_->now();
    auto wrapped = [this, t0, operation, h = std::move(handler)](boost::system::error_code ec,
                                                                 std::size_t n) mutable {
      model::NetworkEvent e;
      e.operation = operation;
      e.address = address_;
      e.num_bytes = static_cast<int64_t>(n);
      e.t0 = t0;
      e.t = trace_->now();
      if (ec)
        e.failure = core::classify(ec);
      trace_->add(std::move(e));
      std::move(h)(ec, n);
    };
    launch(boost::asio::bind_cancellation_slot(slot,
                                               boost::asio::bind_executor(ex, std::move(wrapped))));
  }

  Next next_;
  Trace* trace_;
  std::string address_;
};

using ObservedTcp = ObservedStream<boost::beast::tcp_stream>;

}  // namespace ashyq::net
