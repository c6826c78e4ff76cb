#include "explorer/html.hpp"

#include <fmt/format.h>

#include "explorer/country_names.hpp"
#include "report/methods.hpp"

namespace ashyq::explorer {

std::string number_cell(const PageRequest& request, std::int64_t n, std::string_view attributes) {
  return fmt::format("<td class=\"num\"{}{} data-value=\"{}\">{}</td>",
                     attributes.empty() ? "" : " ", attributes, n, h(request.t().number(n)));
}

std::string table(std::string_view attributes, std::string_view head, std::string_view rows) {
  return fmt::format(
      "<div class=\"table-wrap\"><table "
      "{}>\n<thead>{}</thead>\n<tbody>\n{}</tbody></table></div>\n",
      attributes, head, rows);
}

std::string method_label(const PageRequest& request, std::string_view name) {
  if (const auto* m = report::find_method(name))
    return std::string(request.t().tr(m->label));
  return std::string(name);
}

std::string_view method_colour(std::string_view name) {
  if (const auto* m = report::find_method(name))
    return m->colour;
  return "#999999";
}

std::string country_label(const PageRequest& request, std::string_view cc) {
  const auto name = country_name(cc);
  if (name.empty())
    return std::string(cc);
  return fmt::format("{} ({})", request.t().tr(name), cc);
}

}  // namespace ashyq::explorer
