// Counting results, and comparing them with a lab world's ground truth.
#include "report/counts.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/ascii.hpp"
#include "report/methods.hpp"

namespace ashyq::report {

namespace {

std::string normalise_domain(std::string_view domain) {
  std::string out(domain);
  while (!out.empty() && out.back() == '.')
    out.pop_back();
  return core::ascii_lower(out);
}

}  // namespace

std::size_t ReportCounts::count(std::string_view method) const {
  auto it = by_method.find(method);
  return it == by_method.end() ? 0 : it->second;
}

ReportCounts count_results(const std::vector<store::MeasurementSummary>& measurements) {
  ReportCounts c;
  for (const auto& m : all_methods())
    c.by_method[std::string(m.name)] = 0;
  std::set<std::string_view> inputs;
  for (const auto& s : measurements) {
    ++c.measurements;
    inputs.insert(s.input);
    if (s.control_failed)
      ++c.control_failed;
    const MethodInfo* m = find_method(s.method);
    if (m == nullptr) {
      ++c.unrecognised;
      ++c.undecided;
      ++c.by_method["unknown"];
      continue;
    }
    ++c.by_method[std::string(m->name)];
    if (m->blocking) {
      ++c.blocked;
    } else if (m->name == "none") {
      ++c.accessible;
    } else if (m->name == "down") {
      ++c.down;
    } else {
      ++c.undecided;
      if (s.not_reproducible())
        ++c.not_reproducible;
    }
  }
  c.distinct_urls = inputs.size();
  return c;
}

GroundTruthComparison compare_ground_truth(
    const std::vector<store::MeasurementSummary>& measurements,
    const std::vector<GroundTruthEntry>& truth) {
  GroundTruthComparison out;
  std::unordered_map<std::string, std::set<std::string>> found;  // domain → methods
  for (const auto& s : measurements)
    found[normalise_domain(s.domain)].insert(s.method);

  std::set<std::string> listed;
  std::map<std::string, std::size_t> expected;
  for (const auto& t : truth) {
    GroundTruthRow row;
    row.domain = t.domain;
    row.expected_method = t.expected_method;
    const std::string key = normalise_domain(t.domain);
    listed.insert(key);
    ++expected[t.expected_method];
    if (auto it = found.find(key); it != found.end()) {
      row.found_methods.assign(it->second.begin(), it->second.end());
      std::stable_sort(row.found_methods.begin(), row.found_methods.end(),
                       [](const std::string& a, const std::string& b) {
                         return method_rank(a) < method_rank(b);
                       });
    } else {
      ++out.not_measured;
    }
    row.matches = row.found_methods.size() == 1 && row.found_methods[0] == t.expected_method;
    if (row.matches)
      ++out.matching;
    out.rows.push_back(std::move(row));
  }
  for (const auto& s : measurements) {
    if (!listed.contains(normalise_domain(s.domain)))
      ++out.measured_not_listed;
  }

  // Found counts are over measurements, literally by method name, so they equal the rows of the
  // blocked-sites table.
  std::map<std::string, std::size_t> found_count;
  for (const auto& s : measurements)
    ++found_count[s.method];
  const auto take = [&](const std::string& name) {
    MethodComparison mc;
    mc.method = name;
    if (auto it = expected.find(name); it != expected.end())
      mc.expected = it->second;
    if (auto it = found_count.find(name); it != found_count.end())
      mc.found = it->second;
    out.methods.push_back(mc);
  };
  for (const auto& m : all_methods())
    take(std::string(m.name));
  std::set<std::string> others;
  for (const auto& [name, n] : expected)
    others.insert(name);
  for (const auto& [name, n] : found_count)
    others.insert(name);
  for (const auto& name : others) {
    if (find_method(name) == nullptr)
      take(name);
  }
  return out;
}

bool is_web_connectivity(const store::MeasurementSummary& s) {
  return s.test_name.empty() || s.test_name == "web_connectivity";
}

}  // namespace ashyq::report
