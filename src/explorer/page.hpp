// What every explorer page shares: the request it is rendered for (the reader's language, the
// path, the filters in the query string), links that keep the language, and the HTML document
// around a page's content — the header with the way home, the search box and the language
// switcher, the inline style sheet (light and dark, readable at 360 px), the footer.
//
// Pages are plain HTML that reads fully without JavaScript and loads nothing from anywhere: the
// style is inline, charts are inline SVG, and the Content-Security-Policy the routes send
// (explorer.hpp) forbids every other source.
#pragma once

#include <string>
#include <string_view>

#include "collector/ooni_time.hpp"
#include "collector/read_api.hpp"
#include "i18n/catalogue.hpp"
#include "i18n/language.hpp"

namespace ashyq::explorer {

using collector::QueryParams;

struct PageRequest {
  const i18n::Catalogue* catalogue = &i18n::Catalogue::english();
  std::string path;    // "/country/KZ"
  QueryParams params;  // the query string as given (lang= included when given)
  collector::SysSeconds now{};

  const i18n::Catalogue& t() const { return *catalogue; }
  i18n::Language language() const { return catalogue->language(); }
  // The parameter's value, "" when absent.
  std::string param(const std::string& name) const;
};

// "a=1&b=x%20y": the parameters in name order, percent-encoded; empty values are left out.
std::string query_string(const QueryParams& params);

// A link inside the explorer: `path` with `params`, plus the request's lang= when it had one.
std::string link(const PageRequest& request, std::string_view path, QueryParams params = {});

// This page (same path and filters) in `language`.
std::string language_link(const PageRequest& request, i18n::Language language);

// The whole UTF-8 document: <title>, the header, `body` (HTML, already escaped) in <main>, and
// the footer. `title` is text (escaped here).
std::string document(const PageRequest& request, std::string_view title, std::string_view body);

// Text for HTML, escaped (report::html_escape).
std::string h(std::string_view text);

// "YYYY-MM-DD" of a UTC time point, and the day `days` before/after it.
std::string iso_day(collector::SysSeconds t);
std::string iso_day_offset(collector::SysSeconds t, int days);

}  // namespace ashyq::explorer
