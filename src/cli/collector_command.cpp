// `ashyq collector`: the observatory's collector (OONI's probe services and read API) over a
// measurement store. This file only turns flags into a CollectorService on an HttpServer.
#include <malloc.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <thread>

#include "analysis/bogon_list.hpp"
#include "analysis/fingerprint_db.hpp"
#include "analysis/read_file.hpp"
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/exit_codes.hpp"
#include "cli/key_file_command.hpp"
#include "cli/token_command.hpp"
#include "collector/collector_service.hpp"
#include "collector/ooni_time.hpp"
#include "collector/store_spec.hpp"
#include "core/data_dir.hpp"
#include "explorer/explorer.hpp"
#include "i18n/catalogues.hpp"
#include "net/endpoint.hpp"
#include "net/http_server.hpp"
#include "tlog/key_file.hpp"
#include "tlog/sqlite_log.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;

namespace {

struct CollectorOptions {
  std::string listen = "127.0.0.1:8090";
  std::string store;  // collector/store_spec.hpp
  std::uint64_t collector_id = 1;
  std::vector<std::string> helpers;
  std::string test_lists;  // "" = the shipped data/test-lists
  std::string public_url;  // "" = http(s)://LISTEN
  std::vector<std::string> fingerprints;
  std::string tls_cert, tls_key;
  // Four per core: a thread waiting for its submission's group commit (store/group_commit.hpp)
  // uses no core, and the more submissions wait together the fewer fsyncs they share.
  unsigned threads = std::clamp(4 * std::thread::hardware_concurrency(), 4u, 64u);
  std::string log_key;     // "" = the key kept beside the log's database (made on first start)
  std::string log_origin;  // the name of a key made here; "" = the public URL's host + "/log"
  std::vector<std::string> witness_keys;
  unsigned checkpoint_interval = 10;  // seconds
};

struct KeygenOptions {
  std::string origin;
  std::string out;
};

// The log's signer: --log-key, else the key kept beside the log's database (made the first time).
core::Result<tlog::NoteSigner> log_signer(const CollectorOptions& o, const std::string& database,
                                          const std::string& public_url) {
  if (!o.log_key.empty()) {
    auto key = tlog::read_key_file(o.log_key);
    if (!key)
      return core::Error{"--log-key", key.error().message()};
    return key;
  }
  std::string origin = o.log_origin;
  if (origin.empty()) {
    auto rest = std::string_view(public_url);
    if (auto scheme = rest.find("://"); scheme != std::string_view::npos)
      rest.remove_prefix(scheme + 3);
    while (rest.ends_with('/'))
      rest.remove_suffix(1);
    origin = std::string(rest) + "/log";
  }
  return tlog::load_or_create_key_file(database + ".log-key", origin);
}

// Signs a checkpoint now and then every `interval` while the io_context runs.
asio::awaitable<void> publish_checkpoints(std::shared_ptr<tlog::SqliteLog> log,
                                          tlog::NoteSigner signer, std::chrono::seconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(interval);
    co_await timer.async_wait(asio::use_awaitable);
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (auto published =
            log->publish(signer, collector::format_api_time(collector::format_ooni_time(now)));
        !published)
      std::cerr << "ashyq collector: checkpoint not signed: " << published.error().message()
                << std::endl;
  }
}

int run_collector(const CollectorOptions& o) {
  auto fail = [](const std::string& message, int code = kUsage) {
    std::cerr << "ashyq collector: " << message << "\n";
    return code;
  };
  if (o.store.empty())
    return fail("--store is required");
  // glibc gives freed memory back to the kernel eagerly (madvise on every trimmed arena, each a
  // TLB shootdown on every core), which cost a third of the collector's time under load. Keep up
  // to 128 MiB of free heap and allocate submission-sized buffers from it (bench/RESULTS.md:
  // 742 → 1,188 acknowledged/s; the RSS stays under 32 MiB).
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  for (const auto& text : o.witness_keys) {
    auto key = tlog::NoteVerifier::parse(text);
    if (!key)
      return fail("--witness-key " + key.error().message());
    if (key->type() != tlog::KeyType::cosignature_v1)
      return fail("--witness-key " + text + ": not a cosignature/v1 key");
  }
  auto listen = net::parse_endpoint(o.listen);
  if (!listen)
    return fail("--listen '" + o.listen + "' is not IP:PORT");
  if (o.tls_cert.empty() != o.tls_key.empty())
    return fail("--tls-cert and --tls-key go together");
  std::shared_ptr<asio::ssl::context> tls;
  if (!o.tls_cert.empty()) {
    auto loaded = net::load_tls_server_context(o.tls_cert, o.tls_key);
    if (!loaded)
      return fail(loaded.error().message());
    tls = *loaded;
  }

  collector::CollectorConfig config;
  config.collector_id = o.collector_id;
  config.helpers = o.helpers;
  config.test_lists_dir = o.test_lists.empty() ? core::data_path("test-lists") : o.test_lists;
  auto fingerprints = std::make_shared<analysis::FingerprintDb>();
  if (auto loaded = load_fingerprint_files(o.fingerprints, *fingerprints); !loaded)
    return fail(loaded.error().message());
  config.verdict.fingerprints = fingerprints.get();

  auto spec = collector::parse_store_spec(o.store);
  if (!spec)
    return fail(spec.error().message(), kUsage);
  auto store = collector::open_observatory_store(*spec);
  if (!store)
    return fail(store.error().message(), kEnvironment);
  std::shared_ptr<collector::ObservatoryStore> shared_store = std::move(store).value();

  asio::io_context io(static_cast<int>(o.threads));
  const asio::ip::tcp::endpoint endpoint(listen->ip, listen->port);
  std::unique_ptr<net::HttpServer> server;
  std::shared_ptr<collector::CollectorService> service;
  {
    // The public URL is known once the port is (port 0 picks one).
    net::HttpServerLimits limits;
    limits.body_limit = collector::CollectorService::body_limit();
    auto handler = [&service](const net::HttpServerRequest& request, const net::ClientKey& client) {
      return service->handle(request, client);
    };
    auto opened = net::HttpServer::open(io, endpoint, limits, tls, handler);
    if (!opened)
      return fail("--listen " + opened.error().message(), kEnvironment);
    server = std::move(opened).value();
  }
  const auto bound = server->local_endpoint();
  const std::string bound_text = net::Endpoint{bound.address(), bound.port()}.str();
  config.public_url =
      o.public_url.empty() ? (tls ? "https://" : "http://") + bound_text : o.public_url;

  auto log = tlog::SqliteLog::open(shared_store->log_database());
  if (!log)
    return fail(log.error().message(), kEnvironment);
  config.log = std::move(log).value();
  auto register_routes =
      collector::RegisterRoutes::open(shared_store, std::chrono::system_clock::now);
  if (!register_routes)
    return fail(register_routes.error().message(), kEnvironment);
  config.register_routes = std::move(register_routes).value();
  auto signer = log_signer(o, shared_store->log_database(), config.public_url);
  if (!signer)
    return fail(signer.error().message(), kUsage);
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto first =
      config.log->publish(*signer, collector::format_api_time(collector::format_ooni_time(now)));
  if (!first)
    return fail(first.error().message(), kEnvironment);
  for (const auto& text : o.witness_keys)
    config.witnesses.push_back(*tlog::NoteVerifier::parse(text));
  asio::co_spawn(
      io, publish_checkpoints(config.log, *signer, std::chrono::seconds(o.checkpoint_interval)),
      asio::detached);
  std::cerr << "ashyq collector: transparency log " << signer->name() << " at size "
            << first->checkpoint.size << "; verifier key:\n"
            << signer->verifier_key_text() << std::endl;

  // The explorer's pages, served beside the API from the same store (docs/explorer.md).
  auto catalogues = i18n::Catalogues::load_default();
  if (!catalogues)
    return fail(catalogues.error().message(), kEnvironment);
  auto pages = std::make_shared<explorer::Explorer>(
      shared_store, std::make_shared<const i18n::Catalogues>(std::move(catalogues).value()),
      config.verdict, std::chrono::system_clock::now, config.register_routes);
  config.pages = [pages](const net::HttpServerRequest& request) { return pages->respond(request); };
  service = std::make_shared<collector::CollectorService>(shared_store, std::move(config));
  server->start();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) {
    server->stop();
    io.stop();
  });
  std::cerr << "ashyq collector: listening on " << (tls ? "https://" : "http://") << bound_text
            << "/ (store " << collector::printable_store_spec(o.store) << ")" << std::endl;
  net::run_on_threads(io, o.threads);
  return kMeasured;
}

}  // namespace

Command add_collector_command(CLI::App& app) {
  auto o = std::make_shared<CollectorOptions>();
  auto* sub = app.add_subcommand(
      "collector", "Run the observatory's collector (OONI's submission protocol and read API)");
  sub->add_option("--listen", o->listen, "IP:PORT to listen on")->capture_default_str();
  sub->add_option(
      "--store", o->store,
      "where measurements are kept: sqlite:PATH, or "
      "clickhouse:http://HOST:PORT/?spool=PATH[&database=NAME][&cluster=NAME] (required)");
  sub->add_option("--collector-id", o->collector_id, "the n{N} part of the report ids")
      ->capture_default_str();
  sub->add_option("--helper", o->helpers, "a test helper URL given to probes (repeatable)");
  sub->add_option("--test-lists", o->test_lists,
                  "directory of Citizen Lab lists (global.csv, {cc}.csv; default: the shipped)");
  sub->add_option("--public-url", o->public_url,
                  "the collector's public origin, for links in answers (default: the listen "
                  "address)");
  sub->add_option("--fingerprints", o->fingerprints, "blockpage fingerprint CSV (repeatable)")
      ->check(CLI::ExistingFile);
  sub->add_option("--tls-cert", o->tls_cert, "PEM certificate chain: serve HTTPS")
      ->check(CLI::ExistingFile);
  sub->add_option("--tls-key", o->tls_key, "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  sub->add_option("--threads", o->threads, "worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1u, 64u));
  sub->add_option("--log-key", o->log_key,
                  "the transparency log's private key file (mode 0600; from `collector keygen`); "
                  "default: DATABASE.log-key beside the log's SQLite file, made on first start");
  sub->add_option("--log-origin", o->log_origin,
                  "the log's name when a key is made here (default: the public URL's host/log)");
  sub->add_option("--witness-key", o->witness_keys,
                  "a witness's verifier key whose cosignatures the log accepts (repeatable)");
  sub->add_option("--checkpoint-interval", o->checkpoint_interval,
                  "seconds between checkpoints (signed only when the log grew)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 3600u));

  auto k = std::make_shared<KeygenOptions>();
  auto* keygen = sub->add_subcommand(
      "keygen",
      "Make the transparency log's Ed25519 key: private key to --out, verifier key on "
      "stdout");
  keygen->add_option("--origin", k->origin, "the log's name, e.g. observatory.example.org/log")
      ->required();
  keygen->add_option("--out", k->out, "the private key file to create (mode 0600)")->required();
  auto token = add_token_subcommand(*sub);
  sub->require_subcommand(0, 1);
  return {sub, [o, k, keygen, token] {
            if (token.app->parsed())
              return token.run();
            return keygen->parsed() ? make_key_file("collector keygen", "--origin", k->origin,
                                                    tlog::KeyType::ed25519, k->out)
                                    : run_collector(*o);
          }};
}

}  // namespace ashyq::cli
