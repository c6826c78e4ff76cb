// `ashyq upload --collector URL`: submits the results database's measurements that the collector
// has not answered yet (runner/upload.hpp). This file only turns flags into an Uploader.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "net/dialer.hpp"
#include "net/system_resolver.hpp"
#include "runner/home.hpp"
#include "runner/upload.hpp"
#include "store/results_store.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;

namespace {

struct UploadOptions {
  std::string collector;
  std::string db;
  std::int64_t run = 0;  // 0: every run
  std::string ca_file;
  double timeout = 30;
};

int upload(const UploadOptions& o) {
  auto fail = [](const std::string& message, int code) {
    std::cerr << "ashyq upload: " << message << "\n";
    return code;
  };
  if (auto key = runner::collector_key(o.collector); !key)
    return fail("--collector: " + key.error().message(), kUsage);
  auto db_path = runner::results_db_path(o.db);
  if (!db_path)
    return fail(db_path.error().message(), kEnvironment);
  auto opened = store::ResultsStore::open(*db_path);
  if (!opened)
    return fail(opened.error().message(), kEnvironment);
  auto& db = **opened;
  auto trust = net::TrustStore::system_or_file(o.ca_file);
  if (!trust)
    return fail("--ca-file " + o.ca_file + ": " + trust.error().why, kUsage);

  runner::UploadSettings settings;
  settings.collector = o.collector;
  settings.client = {std::make_shared<net::SystemResolver>(
                         std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000))),
                     std::make_shared<net::TcpDialer>(), *trust,
                     std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000))};
  if (o.run > 0)
    settings.only_run = o.run;
  runner::Uploader uploader(db, settings);

  asio::io_context io;
  std::optional<core::Result<runner::UploadOutcome>> done;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec)
      io.stop();  // what was answered is recorded; the one in flight is sent again next time
  });
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        done = co_await uploader.upload_pending();
        signals.cancel();
      },
      [](std::exception_ptr e) {
        if (e)
          std::rethrow_exception(e);
      });
  io.run();
  if (!done)
    return fail("interrupted; what was answered is recorded", 130);
  if (!*done)
    return fail(done->error().message(), kEnvironment);
  const auto& up = **done;
  std::cerr << "ashyq upload: " << up.accepted << " submitted to " << o.collector << ", "
            << up.refused << " refused, " << up.unsent << " not sent\n";
  if (!up.last_problem.empty() && (up.refused || up.unsent))
    std::cerr << "ashyq upload: the last problem: " << up.last_problem << "\n";
  return (up.refused || up.unsent) ? kPartial : kMeasured;
}

}  // namespace

Command add_upload_command(CLI::App& app) {
  auto o = std::make_shared<UploadOptions>();
  auto* sub = app.add_subcommand("upload",
                                 "Submit the stored measurements a collector has not answered yet");
  sub->add_option("--collector", o->collector, "the observatory's collector URL")->required();
  sub->add_option("--db", o->db, "results database (default: $ASHYQ_HOME/results.sqlite)");
  sub->add_option("--run", o->run, "only this run's measurements (see ashyq results)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--ca-file", o->ca_file, "PEM roots to trust instead of the system's")
      ->check(CLI::ExistingFile);
  sub->add_option("--timeout", o->timeout, "seconds per request")->capture_default_str();
  return {sub, [o] { return upload(*o); }};
}

}  // namespace ashyq::cli
