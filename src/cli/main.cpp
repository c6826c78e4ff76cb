// ashyq: an observatory of internet censorship. This file only wires the subcommands together.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "net/system_resolver.hpp"

int main(int argc, char** argv) {
  using namespace ashyq::cli;
  // Before any thread: every command's system lookups resend a lost query within the deadline.
  ashyq::net::prefer_quick_dns_retransmission();
  CLI::App app{"ashyq: measure internet censorship (OONI-compatible)", "ashyq"};
  app.set_version_flag("--version", std::string("ashyq ") + ASHYQ_VERSION);
  app.require_subcommand(1);
  // Flags can also come from a TOML file (CLI11's config reader): a section per command, keys
  // named like the long flags, e.g. [run] helper = ["https://th.example.org/"]. The default
  // file is used when it exists; --config FILE names another (then it must exist).
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::string default_config = xdg && *xdg ? std::string(xdg) + "/ashyq/config.toml"
                               : home      ? std::string(home) + "/.config/ashyq/config.toml"
                                           : std::string();
  app.set_config("--config", default_config,
                 "TOML file of flag values, a [section] per command (default: " + default_config +
                     " if it exists)");

  std::vector<Command> commands{
      add_get_command(app),     add_run_command(app),     add_results_command(app),
      add_report_command(app),  add_helper_command(app),  add_analyze_command(app),
      add_lab_command(app),     add_demo_command(app),    add_collector_command(app),
      add_upload_command(app),  add_witness_command(app), add_evidence_command(app),
      add_register_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kMeasured : kUsage;
  }
  for (const auto& command : commands) {
    if (!command.app->parsed())
      continue;
    try {
      return command.run();
    } catch (const std::exception& e) {
      std::cerr << "ashyq: internal error: " << e.what() << "\n";
      return kFailure;
    }
  }
  return kUsage;
}
