// The Citizen Lab category legend, copied from data/test-lists/00-LEGEND-new_category_codes.csv.
#include "report/categories.hpp"

#include <array>
#include <utility>

#include "i18n/catalogue.hpp"

namespace ashyq::report {

using i18n::N_;

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kCategories = {{
    {"ALDR", N_("Alcohol & Drugs")},
    {"REL", N_("Religion")},
    {"PORN", N_("Pornography")},
    {"PROV", N_("Provocative Attire")},
    {"POLR", N_("Political Criticism")},
    {"HUMR", N_("Human Rights Issues")},
    {"ENV", N_("Environment")},
    {"MILX", N_("Terrorism and Militants")},
    {"HATE", N_("Hate Speech")},
    {"NEWS", N_("News Media")},
    {"XED", N_("Sex Education")},
    {"PUBH", N_("Public Health")},
    {"GMB", N_("Gambling")},
    {"ANON", N_("Anonymization and circumvention tools")},
    {"DATE", N_("Online Dating")},
    {"GRP", N_("Social Networking")},
    {"LGBT", N_("LGBT")},
    {"FILE", N_("File-sharing")},
    {"HACK", N_("Hacking Tools")},
    {"COMT", N_("Communication Tools")},
    {"MMED", N_("Media sharing")},
    {"HOST", N_("Hosting and Blogging Platforms")},
    {"SRCH", N_("Search Engines")},
    {"GAME", N_("Gaming")},
    {"CULTR", N_("Culture")},
    {"ECON", N_("Economics")},
    {"GOVT", N_("Government")},
    {"COMM", N_("E-commerce")},
    {"CTRL", N_("Control content")},
    {"IGO", N_("Intergovernmental Organizations")},
    {"MISC", N_("Miscellaneous content")},
}};

}  // namespace

std::string_view category_name(std::string_view code) {
  if (code.empty())
    return N_("Uncategorised");
  for (const auto& [c, name] : kCategories) {
    if (c == code)
      return name;
  }
  return "";
}

}  // namespace ashyq::report
