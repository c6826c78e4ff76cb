// Writing the report directory, one file at a time, each atomically.
#include "report/write_report.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

#include "report/exports.hpp"
#include "report/html_report.hpp"

namespace ashyq::report {

namespace fs = std::filesystem;

namespace {

struct CloseFile {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Writes `content` to `path` through "<path>.partial"; the error names `path`.
core::Result<void> write_file(const fs::path& path, std::string_view content) {
  const fs::path partial = fs::path(path).concat(".partial");
  const auto fail = [&](int error) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    return core::Error{path.string(), std::string("cannot write: ") + std::strerror(error)};
  };
  std::unique_ptr<std::FILE, CloseFile> f(std::fopen(partial.c_str(), "wb"));
  if (!f)
    return fail(errno);
  if (!content.empty() &&
      std::fwrite(content.data(), 1, content.size(), f.get()) != content.size()) {
    const int error = errno;
    f.reset();
    return fail(error);
  }
  // Closed here rather than by the owner: fclose's result says whether the buffered bytes landed.
  if (std::fclose(f.release()) != 0)
    return fail(errno);
  if (std::rename(partial.c_str(), path.c_str()) != 0)
    return fail(errno);
  return {};
}

core::Result<void> copy_into_place(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::exists(to, ec) && fs::equivalent(from, to, ec))
    return {};
  const fs::path partial = fs::path(to).concat(".partial");
  if (!fs::copy_file(from, partial, fs::copy_options::overwrite_existing, ec)) {
    fs::remove(partial, ec);
    return core::Error{from.string(), "cannot copy to " + to.string() + ": " + ec.message()};
  }
  fs::rename(partial, to, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    return core::Error{to.string(), "cannot write: " + ec.message()};
  }
  return {};
}

}  // namespace

core::Result<WrittenReport> write_report(const fs::path& dir, const ReportInput& input,
                                         const fs::path& raw_measurements_jsonl) {
  WrittenReport result;
  std::vector<store::MeasurementSummary> web;
  for (const auto& m : input.measurements) {
    if (is_web_connectivity(m))
      web.push_back(m);
  }
  result.counts = count_results(web);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return core::Error{dir.string(), "cannot create: " + ec.message()};
  ReportInput in = input;
  const auto written = [&](const std::string& name) {
    result.files.push_back(dir / name);
    in.files_beside.push_back(name);
  };
  if (auto csv = write_file(dir / "measurements.csv", render_csv(input.measurements)); !csv)
    return csv.error();
  written("measurements.csv");
  if (auto jsonl = write_file(dir / "summary.jsonl", render_jsonl(input.measurements)); !jsonl)
    return jsonl.error();
  written("summary.jsonl");
  if (!raw_measurements_jsonl.empty()) {
    if (auto raw = copy_into_place(raw_measurements_jsonl, dir / "measurements.jsonl"); !raw)
      return raw.error();
    written("measurements.jsonl");
  }
  const std::string html = render_html(in);
  if (auto report = write_file(dir / "report.html", html); !report)
    return report.error();
  result.files.push_back(dir / "report.html");
  return result;
}

}  // namespace ashyq::report
