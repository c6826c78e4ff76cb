// Writing the report directory, one file at a time, each atomically.
#include "report/write_report.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "report/exports.hpp"
#include "report/html_report.hpp"

namespace ashyq::report {

namespace fs = std::filesystem;

namespace {

// Writes `content` to `path` through "<path>.partial"; an error message naming `path`, or "".
std::string write_file(const fs::path& path, std::string_view content) {
  const fs::path partial = fs::path(path).concat(".partial");
  const auto fail = [&](int error) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    return "cannot write " + path.string() + ": " + std::strerror(error);
  };
  std::FILE* f = std::fopen(partial.c_str(), "wb");
  if (f == nullptr)
    return fail(errno);
  if (!content.empty() && std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
    const int error = errno;
    std::fclose(f);
    return fail(error);
  }
  if (std::fclose(f) != 0)
    return fail(errno);
  if (std::rename(partial.c_str(), path.c_str()) != 0)
    return fail(errno);
  return "";
}

std::string copy_into_place(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::exists(to, ec) && fs::equivalent(from, to, ec))
    return "";
  const fs::path partial = fs::path(to).concat(".partial");
  if (!fs::copy_file(from, partial, fs::copy_options::overwrite_existing, ec)) {
    fs::remove(partial, ec);
    return "cannot copy " + from.string() + " to " + to.string() + ": " + ec.message();
  }
  fs::rename(partial, to, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    return "cannot write " + to.string() + ": " + ec.message();
  }
  return "";
}

}  // namespace

WriteResult write_report(const fs::path& dir, const ReportInput& input,
                         const fs::path& raw_measurements_jsonl) {
  WriteResult result;
  std::vector<store::MeasurementSummary> web;
  for (const auto& m : input.measurements) {
    if (is_web_connectivity(m))
      web.push_back(m);
  }
  result.counts = count_results(web);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    result.error = "cannot create " + dir.string() + ": " + ec.message();
    return result;
  }
  ReportInput in = input;
  const auto step = [&](const std::string& name, const std::string& error) {
    if (!error.empty()) {
      result.error = error;
      return false;
    }
    result.files.push_back(dir / name);
    in.files_beside.push_back(name);
    return true;
  };
  if (!step("measurements.csv",
            write_file(dir / "measurements.csv", render_csv(input.measurements)))) {
    return result;
  }
  if (!step("summary.jsonl", write_file(dir / "summary.jsonl", render_jsonl(input.measurements)))) {
    return result;
  }
  if (!raw_measurements_jsonl.empty() &&
      !step("measurements.jsonl",
            copy_into_place(raw_measurements_jsonl, dir / "measurements.jsonl"))) {
    return result;
  }
  const std::string html = render_html(in);
  const std::string error = write_file(dir / "report.html", html);
  if (!error.empty()) {
    result.error = error;
    return result;
  }
  result.files.push_back(dir / "report.html");
  return result;
}

}  // namespace ashyq::report
