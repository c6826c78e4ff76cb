// Submitting the results store's measurements to an observatory's collector with OONI's
// probe-services protocol: a report is opened per run, test and network (its id kept in the store
// before anything is sent under it), then each measurement is POSTed with that report id. The
// store remembers every answer: accepted (with the uid the collector gave) or refused (a 4xx:
// the same bytes would be refused again). A network failure or a 5xx is retried with backoff; what
// still fails stays pending for `ashyq upload`. Because the report id is kept and the measurement
// is stored scrubbed, a retry after a crash sends the same bytes, and the collector, whose uid
// derives from them, keeps the measurement once.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "net/service_call.hpp"
#include "store/results_store.hpp"

namespace ashyq::runner {

struct UploadSettings {
  std::string collector;  // the collector's base URL: "https://collector.example.org"
  net::ServiceClient client;
  std::optional<int64_t> only_run;                // upload this run's measurements only
  int attempts = 4;                               // per request, for failures and 5xx
  std::chrono::milliseconds first_backoff{1000};  // doubled after each failed attempt
};

struct UploadOutcome {
  std::size_t accepted = 0;
  std::size_t refused = 0;
  std::size_t unsent = 0;    // left pending: the collector could not be reached or failed
  std::string last_problem;  // why the last refusal or failure happened ("" when none)
};

// The collector's URL as kept in the store ("https://c.example/" and "https://c.example" are the
// same collector), or why it is not one (not http or https, no host, a query).
core::Result<std::string> collector_key(std::string_view url);

class Uploader {
 public:
  // `db` must outlive the uploader; every call runs on one executor (the store is not thread-safe).
  // settings.collector must have passed collector_key().
  Uploader(store::ResultsStore& db, UploadSettings settings);

  // Uploads every measurement pending now, oldest first. Stops early (leaving the rest pending)
  // when the collector cannot be reached after the retries. An error is the store failing.
  boost::asio::awaitable<core::Result<UploadOutcome>> upload_pending();

  // For a run: uploads as measurements are committed. follow() returns once finish() was called
  // and nothing is pending, or once the collector could not be reached (the rest stays pending).
  boost::asio::awaitable<core::Result<UploadOutcome>> follow();
  void wake();    // a measurement was committed
  void finish();  // no more will be

 private:
  struct Sent;
  boost::asio::awaitable<Sent> post_with_retries(const std::string& url, const std::string& body);
  // True when the collector answered (accepted or refused), false when it could not be reached.
  boost::asio::awaitable<core::Result<bool>> upload_one(const store::PendingUpload& pending,
                                                        UploadOutcome& outcome);

  store::ResultsStore& db_;
  UploadSettings settings_;
  std::unique_ptr<boost::asio::steady_timer> wakeup_;
  bool woken_ = false;
  bool finishing_ = false;
};

}  // namespace ashyq::runner
