#include "cli/token_command.hpp"

#include <iostream>
#include <memory>

#include "cli/exit_codes.hpp"
#include "cli/register_store_path.hpp"
#include "collector/ooni_time.hpp"
#include "register/editor_tokens.hpp"

namespace ashyq::cli {
namespace {

struct TokenOptions {
  std::string store;
  std::string role = "editor";
  std::string name;
  std::int64_t id = 0;
};

std::string now() {
  return collector::format_api_time(collector::format_ooni_time(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())));
}

int run_token(const TokenOptions& o, CLI::App* create, CLI::App* revoke) {
  auto path = register_store_path(o.store);
  if (!path) {
    std::cerr << "ashyq collector token: " << path.error().message() << "\n";
    return kEnvironment;
  }
  auto tokens = legal::EditorTokens::open(*path);
  if (!tokens) {
    std::cerr << "ashyq collector token: " << tokens.error().message() << "\n";
    return kEnvironment;
  }
  if (create->parsed()) {
    auto role = legal::kEditorRoles.parse(o.role);
    if (!role) {
      std::cerr << "ashyq collector token create: --role must be editor or admin\n";
      return kUsage;
    }
    auto created = (*tokens)->create(*role, o.name, now());
    if (!created) {
      std::cerr << "ashyq collector token create: --" << created.error().message() << "\n";
      return kUsage;
    }
    std::cerr << "token " << created->token.id << " for " << created->token.name << " (" << o.role
              << "); it is shown once, here, and not kept:\n";
    std::cout << created->secret << "\n";
    return kMeasured;
  }
  if (revoke->parsed()) {
    if (auto revoked = (*tokens)->revoke(o.id, now()); !revoked) {
      std::cerr << "ashyq collector token revoke: " << revoked.error().message() << "\n";
      return kUsage;
    }
    std::cout << "token " << o.id << " revoked\n";
    return kMeasured;
  }
  auto list = (*tokens)->list();
  if (!list) {
    std::cerr << "ashyq collector token list: " << list.error().message() << "\n";
    return kEnvironment;
  }
  for (const auto& t : *list)
    std::cout << t.id << "\t" << legal::kEditorRoles.name(t.role) << "\t" << t.name << "\t"
              << t.created_at << "\t"
              << (t.revoked_at.empty() ? "valid" : "revoked " + t.revoked_at) << "\n";
  return kMeasured;
}

}  // namespace

TokenCommand add_token_subcommand(CLI::App& collector) {
  auto o = std::make_shared<TokenOptions>();
  auto* token = collector.add_subcommand("token", "The register editors' API tokens");
  token->add_option("--store", o->store, "the collector's --store (sqlite:PATH or clickhouse:…)")
      ->required();
  auto* create = token->add_subcommand("create", "Make a token (printed once, kept hashed)");
  create->add_option("--role", o->role, "editor (writes the register) or admin (also tokens)")
      ->capture_default_str();
  create->add_option("--name", o->name, "whose token: named in the audit of each edit")->required();
  auto* revoke = token->add_subcommand("revoke", "Revoke a token");
  revoke->add_option("ID", o->id, "the token's number (from `list`)")->required();
  token->add_subcommand("list", "List the tokens (never their secrets)");
  token->require_subcommand(1);
  return {token, [o, create, revoke] { return run_token(*o, create, revoke); }};
}

}  // namespace ashyq::cli
