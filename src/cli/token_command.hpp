// `ashyq collector token create|revoke|list`: the register editors' API tokens, made on the
// machine that holds the collector's store (register/editor_tokens.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace ashyq::cli {

// Adds `token` and its three subcommands under `collector`; the function runs whichever was given
// (call it only when `token` was parsed, which the returned app says).
struct TokenCommand {
  CLI::App* app;
  std::function<int()> run;
};
TokenCommand add_token_subcommand(CLI::App& collector);

}  // namespace ashyq::cli
