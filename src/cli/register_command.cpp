// `ashyq register`: the register's editors' commands (docs/register.md). `check` reads a file and
// says what it holds or where it is wrong; `import` applies a file to the register kept in a
// collector's store (all or nothing, audited, each edit a leaf of the transparency log); `export`
// writes the register, whole for editors or as the public sees it. This file only wires flags to
// register/.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/register_store_path.hpp"
#include "collector/ooni_time.hpp"
#include "core/json.hpp"
#include "register/register_csv.hpp"
#include "register/register_file.hpp"
#include "register/register_json.hpp"
#include "register/register_store.hpp"

namespace ashyq::cli {
namespace {

struct RegisterOptions {
  std::string file;
  std::string store;
  std::string editor;
  std::string out;
  bool additions = false;
  bool public_view = false;
  std::string format;  // "json", "csv"; "" = by the --out file's extension, else JSON
};

std::string counts(const legal::Register& reg) {
  auto published = [](const auto& entries) {
    std::size_t n = 0;
    for (const auto& e : entries)
      n += e.common.publication == legal::Publication::published;
    return n;
  };
  auto part = [&](const auto& entries, const char* name) {
    return std::to_string(entries.size()) + " " + name + " (" + std::to_string(published(entries)) +
           " published)";
  };
  return part(reg.authorities, "authorities") + ", " + part(reg.orders, "orders") + ", " +
         part(reg.outlets, "outlets") + ", " + part(reg.people, "people") + ", " +
         part(reg.cases, "cases");
}

int run_check(const RegisterOptions& o) {
  auto reg = legal::read_register_file(
      o.file, o.additions ? legal::References::may_be_elsewhere : legal::References::must_resolve);
  if (!reg) {
    std::cerr << "ashyq register check: " << reg.error().message() << "\n";
    return kUsage;
  }
  std::cout << o.file << ": " << counts(*reg) << "\n";
  return kMeasured;
}

int run_import(const RegisterOptions& o) {
  auto reg = legal::read_register_file(o.file, legal::References::may_be_elsewhere);
  if (!reg) {
    std::cerr << "ashyq register import: " << reg.error().message() << "\n";
    return kUsage;
  }
  auto path = register_store_path(o.store);
  if (!path) {
    std::cerr << "ashyq register import: " << path.error().message() << "\n";
    return kEnvironment;
  }
  auto store = legal::RegisterStore::open(*path);
  if (!store) {
    std::cerr << "ashyq register import: " << store.error().message() << "\n";
    return kEnvironment;
  }
  const std::string at = collector::format_api_time(collector::format_ooni_time(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())));
  auto edits = (*store)->apply(*reg, o.editor, at);
  if (!edits) {
    std::cerr << "ashyq register import: " << o.file << ": " << edits.error().message()
              << "\nnothing was written\n";
    return kUsage;
  }
  for (const auto& e : *edits)
    std::cout << (e.action == "create" ? "created " : "updated ") << e.kind << " " << e.id
              << " (edit " << e.edit << ")\n";
  std::cout << o.file << ": " << edits->size() << " entries written by " << o.editor << " at " << at
            << (edits->empty() ? " (the register already held the file as it is)" : "") << "\n";
  return kMeasured;
}

int run_export(const RegisterOptions& o) {
  auto path = register_store_path(o.store);
  if (!path) {
    std::cerr << "ashyq register export: " << path.error().message() << "\n";
    return kEnvironment;
  }
  auto store = legal::RegisterStore::open(*path);
  if (!store) {
    std::cerr << "ashyq register export: " << store.error().message() << "\n";
    return kEnvironment;
  }
  auto reg = (*store)->load();
  if (!reg) {
    std::cerr << "ashyq register export: " << reg.error().message() << "\n";
    return kFailure;
  }
  const auto audience = o.public_view ? legal::Audience::public_readers : legal::Audience::editors;
  const bool csv =
      o.format == "csv" || (o.format.empty() && std::filesystem::path(o.out).extension() == ".csv");
  const std::string text = csv ? legal::register_to_csv(*reg, audience)
                               : core::to_json_text(legal::register_to_json(*reg, audience)) + "\n";
  if (o.out.empty() || o.out == "-") {
    std::cout << text;
    return kMeasured;
  }
  const std::string temp = o.out + ".new";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "ashyq register export: " << temp << ": cannot be written\n";
      return kEnvironment;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, o.out, ec);
  if (ec) {
    std::cerr << "ashyq register export: " << o.out << ": " << ec.message() << "\n";
    return kEnvironment;
  }
  return kMeasured;
}

}  // namespace

Command add_register_command(CLI::App& app) {
  auto o = std::make_shared<RegisterOptions>();
  auto* sub = app.add_subcommand(
      "register", "The register of blocking orders and prosecutions (editors' commands)");
  auto* check =
      sub->add_subcommand("check", "Read a register file (.json, .toml or .csv) and check it");
  check->add_option("FILE", o->file, "the register file")->required();
  check->add_flag("--additions", o->additions,
                  "the file adds to a stored register: it may name entries it does not hold");
  auto* import = sub->add_subcommand(
      "import", "Apply a register file to the collector's register: all of it or nothing");
  import->add_option("FILE", o->file, "the register file (.json, .toml or .csv)")->required();
  import->add_option("--store", o->store, "the collector's --store (sqlite:PATH or clickhouse:…)")
      ->required();
  import->add_option("--editor", o->editor, "the editor's name, kept in the audit")->required();
  auto* exp = sub->add_subcommand("export", "Write the register as JSON or CSV");
  exp->add_option("--store", o->store, "the collector's --store (sqlite:PATH or clickhouse:…)")
      ->required();
  exp->add_flag("--public", o->public_view,
                "only what the public sees: published entries, without private fields");
  exp->add_option("--out", o->out, "the file to write (default: standard output)");
  exp->add_option("--format", o->format, "json or csv (default: csv for an --out ending in .csv)")
      ->check(CLI::IsMember({"json", "csv"}));
  sub->require_subcommand(1);
  return {sub, [o, check, import, exp] {
            if (check->parsed())
              return run_check(*o);
            if (import->parsed())
              return run_import(*o);
            return run_export(*o);
          }};
}

}  // namespace ashyq::cli
