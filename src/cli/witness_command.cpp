// `ashyq witness`: watches a collector's transparency log and cosigns each new checkpoint that
// extends the last one it cosigned; `ashyq witness keygen` makes the witness's key. This file only
// wires flags, the state file and HTTP to tlog/witness.hpp.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/key_file_command.hpp"
#include "cli/service_fetch.hpp"
#include "tlog/key_file.hpp"
#include "tlog/tile.hpp"
#include "tlog/witness.hpp"

namespace ashyq::cli {

namespace {

struct WitnessOptions {
  std::string log;           // the collector's root URL
  std::string verifier_key;  // the log's
  std::string key;           // the witness's private key file
  std::string state;         // the last checkpoint cosigned; "" = KEYFILE.state
  unsigned interval = 10;
  bool once = false;
  std::string ca_file;
  double timeout = 30;
};

struct WitnessKeygenOptions {
  std::string name;
  std::string out;
};

std::string without_slash(std::string url) {
  while (url.ends_with('/'))
    url.pop_back();
  return url;
}

core::Result<std::optional<tlog::Checkpoint>> read_state(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::optional<tlog::Checkpoint>();
  std::stringstream text;
  text << in.rdbuf();
  auto c = tlog::parse_checkpoint(text.str());
  if (!c)
    return core::Error{path, c.error().message()};
  return std::optional<tlog::Checkpoint>(*c);
}

core::Result<void> write_state(const std::string& path, const tlog::Checkpoint& c) {
  const std::string temp = path + ".new";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << tlog::format_checkpoint(c);
    if (!out.flush())
      return core::Error{temp, "cannot write the witness state"};
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0)
    return core::Error{path, "cannot replace the witness state"};
  return {};
}

enum class Round { cosigned, unchanged, refused, unreachable };

Round witness_once(const WitnessOptions& o, const net::ServiceClient& client,
                   const tlog::NoteVerifier& log_key, const tlog::NoteSigner& me,
                   const std::string& state) {
  const std::string base = without_slash(o.log);
  auto note = fetch(client, "GET", base + "/checkpoint");
  if (!note) {
    std::cerr << "ashyq witness: " << note.error().message() << std::endl;
    return Round::unreachable;
  }
  auto next = tlog::verified_checkpoint(*note, log_key);
  if (!next) {
    std::cerr << "ashyq witness: refusing to cosign: " << next.error().message() << std::endl;
    return Round::refused;
  }
  auto last = read_state(state);
  if (!last) {
    std::cerr << "ashyq witness: " << last.error().message() << std::endl;
    return Round::refused;
  }
  if (*last && (*last)->size == next->size && (*last)->root == next->root)
    return Round::unchanged;
  tlog::TileHashReader tiles(next->size, [&](const tlog::TileId& t) {
    return fetch(client, "GET", base + "/" + tlog::tile_path(t));
  });
  if (auto extends = tlog::check_extends(*last, *next, tiles); !extends) {
    std::cerr << "ashyq witness: refusing to cosign " << next->origin << " at size " << next->size
              << ": " << extends.error().message() << std::endl;
    return Round::refused;
  }
  const auto now =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  auto cosigned = tlog::cosigned_note(tlog::format_checkpoint(*next), me, now);
  if (!cosigned) {
    std::cerr << "ashyq witness: " << cosigned.error().message() << std::endl;
    return Round::refused;
  }
  auto sent = fetch(client, "POST", base + "/api/v1/log/cosignature", *cosigned,
                    "text/plain; charset=utf-8");
  if (!sent) {
    std::cerr << "ashyq witness: cosignature not accepted: " << sent.error().message() << std::endl;
    return Round::unreachable;
  }
  if (auto saved = write_state(state, *next); !saved) {
    std::cerr << "ashyq witness: " << saved.error().message() << std::endl;
    return Round::refused;
  }
  std::cerr << "ashyq witness: cosigned " << next->origin << " at size " << next->size << std::endl;
  return Round::cosigned;
}

int run_witness(const WitnessOptions& o) {
  auto fail = [](const std::string& message, int code = kUsage) {
    std::cerr << "ashyq witness: " << message << "\n";
    return code;
  };
  auto log_key = tlog::NoteVerifier::parse(o.verifier_key);
  if (!log_key)
    return fail("--verifier-key " + log_key.error().message());
  if (log_key->type() != tlog::KeyType::ed25519)
    return fail("--verifier-key: not a log's (Ed25519) key");
  auto me = tlog::read_key_file(o.key);
  if (!me)
    return fail("--key " + me.error().message());
  if (me->type() != tlog::KeyType::cosignature_v1)
    return fail("--key " + o.key + ": not a witness (cosignature/v1) key; see `witness keygen`");
  auto client = service_client(o.ca_file, o.timeout);
  if (!client)
    return fail(client.error().message());
  const std::string state = o.state.empty() ? o.key + ".state" : o.state;
  for (;;) {
    auto round = witness_once(o, *client, *log_key, *me, state);
    if (o.once) {
      switch (round) {
        case Round::cosigned:
        case Round::unchanged:
          return kMeasured;
        case Round::refused:
          return kRefused;
        case Round::unreachable:
          return kEnvironment;
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(o.interval));
  }
}

}  // namespace

Command add_witness_command(CLI::App& app) {
  auto o = std::make_shared<WitnessOptions>();
  auto* sub = app.add_subcommand(
      "witness",
      "Watch a collector's transparency log and cosign checkpoints that extend the "
      "last one cosigned");
  sub->add_option("--log", o->log, "the collector's URL (its /checkpoint and /tile/ are read)");
  sub->add_option("--verifier-key", o->verifier_key, "the log's verifier key NAME+ID+KEY");
  sub->add_option("--key", o->key, "the witness's private key file (from `witness keygen`)");
  sub->add_option("--state", o->state,
                  "where the last cosigned checkpoint is kept (default: KEYFILE.state)");
  sub->add_option("--interval", o->interval, "seconds between polls")
      ->capture_default_str()
      ->check(CLI::Range(1u, 86400u));
  sub->add_flag("--once", o->once, "poll once: exit 0 (cosigned or nothing new), 5 (refused)");
  sub->add_option("--ca-file", o->ca_file, "PEM roots for an https log (default: the system's)");
  sub->add_option("--timeout", o->timeout, "seconds for each network step")->capture_default_str();

  auto k = std::make_shared<WitnessKeygenOptions>();
  auto* keygen = sub->add_subcommand("keygen",
                                     "Make a witness's cosignature key: private key to "
                                     "--out, verifier key on stdout");
  keygen->add_option("--name", k->name, "the witness's name, e.g. witness.example.org")->required();
  keygen->add_option("--out", k->out, "the private key file to create (mode 0600)")->required();
  sub->require_subcommand(0, 1);
  return {sub, [o, k, keygen] {
            if (keygen->parsed())
              return make_key_file("witness keygen", "--name", k->name,
                                   tlog::KeyType::cosignature_v1, k->out);
            if (o->log.empty() || o->verifier_key.empty() || o->key.empty()) {
              std::cerr << "ashyq witness: --log, --verifier-key and --key are required\n";
              return static_cast<int>(kUsage);
            }
            return run_witness(*o);
          }};
}

}  // namespace ashyq::cli
