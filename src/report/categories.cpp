// The Citizen Lab category legend, copied from data/test-lists/00-LEGEND-new_category_codes.csv.
#include "report/categories.hpp"

#include <array>
#include <utility>

namespace ashyq::report {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kCategories = {{
    {"ALDR", "Alcohol & Drugs"},
    {"REL", "Religion"},
    {"PORN", "Pornography"},
    {"PROV", "Provocative Attire"},
    {"POLR", "Political Criticism"},
    {"HUMR", "Human Rights Issues"},
    {"ENV", "Environment"},
    {"MILX", "Terrorism and Militants"},
    {"HATE", "Hate Speech"},
    {"NEWS", "News Media"},
    {"XED", "Sex Education"},
    {"PUBH", "Public Health"},
    {"GMB", "Gambling"},
    {"ANON", "Anonymization and circumvention tools"},
    {"DATE", "Online Dating"},
    {"GRP", "Social Networking"},
    {"LGBT", "LGBT"},
    {"FILE", "File-sharing"},
    {"HACK", "Hacking Tools"},
    {"COMT", "Communication Tools"},
    {"MMED", "Media sharing"},
    {"HOST", "Hosting and Blogging Platforms"},
    {"SRCH", "Search Engines"},
    {"GAME", "Gaming"},
    {"CULTR", "Culture"},
    {"ECON", "Economics"},
    {"GOVT", "Government"},
    {"COMM", "E-commerce"},
    {"CTRL", "Control content"},
    {"IGO", "Intergovernmental Organizations"},
    {"MISC", "Miscellaneous content"},
}};

}  // namespace

std::string_view category_name(std::string_view code) {
  if (code.empty())
    return "Uncategorised";
  for (const auto& [c, name] : kCategories) {
    if (c == code)
      return name;
  }
  return "";
}

}  // namespace ashyq::report
