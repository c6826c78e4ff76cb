#include "explorer/country_names.hpp"

#include <array>
#include <utility>

#include "i18n/catalogue.hpp"

namespace ashyq::explorer {

namespace {

using i18n::N_;

// Central Asia and its neighbours first, then countries with many OONI measurements.
constexpr std::array<std::pair<std::string_view, std::string_view>, 30> kNames{{
    {"KZ", N_("Kazakhstan")}, {"KG", N_("Kyrgyzstan")},    {"UZ", N_("Uzbekistan")},
    {"TJ", N_("Tajikistan")}, {"TM", N_("Turkmenistan")},  {"RU", N_("Russia")},
    {"CN", N_("China")},      {"AZ", N_("Azerbaijan")},    {"AM", N_("Armenia")},
    {"GE", N_("Georgia")},    {"BY", N_("Belarus")},       {"UA", N_("Ukraine")},
    {"MN", N_("Mongolia")},   {"IR", N_("Iran")},          {"AF", N_("Afghanistan")},
    {"TR", N_("Turkey")},     {"PK", N_("Pakistan")},      {"IN", N_("India")},
    {"MM", N_("Myanmar")},    {"VN", N_("Vietnam")},       {"ID", N_("Indonesia")},
    {"EG", N_("Egypt")},      {"US", N_("United States")}, {"GB", N_("United Kingdom")},
    {"DE", N_("Germany")},    {"FR", N_("France")},        {"NL", N_("Netherlands")},
    {"FI", N_("Finland")},    {"SE", N_("Sweden")},        {"LT", N_("Lithuania")},
}};

}  // namespace

std::string_view country_name(std::string_view cc) {
  for (const auto& [code, name] : kNames) {
    if (code == cc)
      return name;
  }
  return {};
}

}  // namespace ashyq::explorer
