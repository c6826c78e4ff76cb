// The transparency log over HTTP, at the collector's root (C2SP tlog-tiles) and under
// /api/v1/log/ (conveniences in JSON):
//   GET  /checkpoint                      the latest signed checkpoint, with witness cosignatures
//   GET  /tile/<L>/<N>[.p/<W>]            hash tiles (height 8)
//   GET  /tile/entries/<N>[.p/<W>]        leaf records, each a big-endian uint16 length + bytes
//   GET  /api/v1/log/inclusion?measurement_uid=…   leaf index, record, proof, checkpoint
//   GET  /api/v1/log/consistency?from=&to=         proof between two checkpointed sizes
//   POST /api/v1/log/cosignature          a witness's cosigned checkpoint (note text + its line)
// Full tiles never change and are served as immutable; partial tiles and the checkpoint are not
// cached.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "net/http_server.hpp"
#include "tlog/note_key.hpp"
#include "tlog/sqlite_log.hpp"

namespace ashyq::collector {

class LogRoutes {
 public:
  LogRoutes(std::shared_ptr<tlog::SqliteLog> log, std::vector<tlog::NoteVerifier> witnesses,
            std::function<std::chrono::system_clock::time_point()> clock);

  // The answer when `request` is for one of the routes above; nullopt otherwise.
  std::optional<net::HttpServerResponse> respond(const net::HttpServerRequest& request);

 private:
  net::HttpServerResponse checkpoint();
  net::HttpServerResponse tile(std::string_view path);
  net::HttpServerResponse inclusion(const std::string& target);
  net::HttpServerResponse consistency(const std::string& target);
  net::HttpServerResponse cosignature(const net::HttpServerRequest& request);

  std::shared_ptr<tlog::SqliteLog> log_;
  std::vector<tlog::NoteVerifier> witnesses_;
  std::function<std::chrono::system_clock::time_point()> clock_;
};

}  // namespace ashyq::collector
