// Each subcommand adds itself to the CLI11 app with its flags and returns the function that runs
// it once the command line has been parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace ashyq::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

Command add_get_command(CLI::App& app);
Command add_helper_command(CLI::App& app);
Command add_collector_command(CLI::App& app);
Command add_upload_command(CLI::App& app);
Command add_analyze_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_results_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_lab_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_witness_command(CLI::App& app);
Command add_evidence_command(CLI::App& app);
Command add_register_command(CLI::App& app);

}  // namespace ashyq::cli
