#include "explorer/page.hpp"

#include <fmt/format.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>

#include "report/text.hpp"

namespace ashyq::explorer {

namespace {

// Light by default, dark by the reader's setting; tables scroll inside their box and charts
// scale, so a 360 px wide phone never scrolls the page sideways.
constexpr std::string_view kStyle = R"css(
:root{--bg:#ffffff;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--head:#f3f3f3;--link:#0b57a4;--warn:#8a1c1c}
@media (prefers-color-scheme: dark){:root{--bg:#121212;--fg:#e8e8e8;--muted:#aaa;--line:#3a3a3a;--head:#1e1e1e;--link:#8ab8f0;--warn:#f0a0a0}
svg.chart text{fill:var(--fg)} svg.chart line{stroke:var(--fg)}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:var(--link)}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding-top:.75rem;padding-bottom:.75rem;border-bottom:1px solid var(--line)}
header .brand{font-weight:700;text-decoration:none;color:var(--fg)}
header form{display:flex;gap:.25rem;flex:1 1 12rem;min-width:0}
header input{flex:1;min-width:0;padding:.3rem;font:inherit;background:var(--bg);color:var(--fg);border:1px solid var(--line)}
nav#languages{display:flex;gap:.5rem}
nav#languages a[aria-current]{font-weight:700;text-decoration:none;color:var(--fg)}
h1{font-size:1.6rem;margin:1rem 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p,dd,dt,li{overflow-wrap:anywhere}
td,th{overflow-wrap:break-word}
.muted{color:var(--muted)}
.warn{color:var(--warn)}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5rem 0;font-size:.95rem}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:var(--head)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
svg.chart{max-width:100%;height:auto;display:block}
.swatch{display:inline-block;width:.8em;height:.8em;border:1px solid var(--fg);vertical-align:middle}
form#filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}
form#filters label{display:flex;flex-direction:column;font-size:.9rem;max-width:100%;min-width:0}
select{max-width:100%}
select,button{font:inherit;background:var(--bg);color:var(--fg);border:1px solid var(--line);padding:.2rem}
dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--head);padding:.5rem}
code{overflow-wrap:anywhere}
td code{overflow-wrap:normal}
td.date{white-space:nowrap}
footer{margin-top:2rem;padding-top:.75rem;padding-bottom:2rem;border-top:1px solid var(--line);font-size:.9rem;color:var(--muted)}
)css";

}  // namespace

std::string PageRequest::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string h(std::string_view text) {
  return report::html_escape(text);
}

std::string query_string(const QueryParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (value.empty())
      continue;
    if (!out.empty())
      out += '&';
    out += boost::urls::encode(name, boost::urls::unreserved_chars);
    out += '=';
    out += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return out;
}

std::string link(const PageRequest& request, std::string_view path, QueryParams params) {
  if (auto lang = request.params.find("lang"); lang != request.params.end())
    params["lang"] = std::string(i18n::code_of(request.language()));
  const std::string query = query_string(params);
  return std::string(path) + (query.empty() ? "" : "?" + query);
}

std::string language_link(const PageRequest& request, i18n::Language language) {
  QueryParams params = request.params;
  params["lang"] = std::string(i18n::code_of(language));
  return request.path + "?" + query_string(params);
}

std::string document(const PageRequest& request, std::string_view title, std::string_view body) {
  const auto& t = request.t();
  std::string languages;
  for (auto language : i18n::all_languages()) {
    languages +=
        fmt::format("<a hreflang=\"{}\" lang=\"{}\" href=\"{}\"{}>{}</a>", i18n::code_of(language),
                    i18n::code_of(language), h(language_link(request, language)),
                    language == request.language() ? " aria-current=\"true\"" : "",
                    h(i18n::native_name(language)));
  }
  std::string lang_field;
  if (request.params.contains("lang")) {
    lang_field = fmt::format("<input type=\"hidden\" name=\"lang\" value=\"{}\">",
                             i18n::code_of(request.language()));
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n"
      "<title>{title} · ashyq</title>\n<style>{style}</style>\n</head>\n<body>\n"
      "<header><a id=\"home-link\" class=\"brand\" href=\"{home}\">ashyq</a>"
      "<form id=\"search-form\" action=\"/search\" method=\"get\" role=\"search\">{lang_field}"
      "<input name=\"q\" type=\"search\" aria-label=\"{search_label}\" "
      "placeholder=\"{search_hint}\">"
      "<button type=\"submit\">{search}</button></form>"
      "<nav id=\"languages\" aria-label=\"{languages_label}\">{languages}</nav></header>\n"
      "<main>\n{body}\n</main>\n"
      "<footer><p>{footer}</p></footer>\n</body>\n</html>\n",
      fmt::arg("lang", i18n::code_of(request.language())), fmt::arg("title", h(title)),
      fmt::arg("style", kStyle), fmt::arg("home", h(link(request, "/"))),
      fmt::arg("lang_field", lang_field), fmt::arg("search_label", h(t.tr("Search"))),
      fmt::arg("search_hint", h(t.tr("domain, AS number or measurement ID"))),
      fmt::arg("search", h(t.tr("Search"))), fmt::arg("languages_label", h(t.tr("Language"))),
      fmt::arg("languages", languages), fmt::arg("body", body),
      fmt::arg("footer",
               h(t.tr("ashyq observatory: measurements of internet censorship submitted by "
                      "volunteers, analysed openly. Dates are UTC. Probes' IP addresses are "
                      "never collected."))));
}

std::string iso_day(collector::SysSeconds t) {
  return iso_day_offset(t, 0);
}

std::string iso_day_offset(collector::SysSeconds t, int days) {
  const auto day = std::chrono::floor<std::chrono::days>(t) + std::chrono::days{days};
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace ashyq::explorer
