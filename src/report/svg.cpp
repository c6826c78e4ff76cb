#include "report/svg.hpp"

#include <fmt/format.h>

#include "report/text.hpp"

namespace ashyq::report::svg {

double estimate_width(std::string_view text, double font_size) {
  std::size_t chars = 0;
  for (unsigned char c : text)
    chars += (c & 0xC0) != 0x80;  // count code points
  return static_cast<double>(chars) * font_size * 0.6;
}

std::string open(std::string_view id, double height, std::string_view title) {
  return fmt::format(
      "<svg id=\"{}\" class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" aria-label=\"{}\"><title>{}</title>\n",
      id, kWidth, height, kWidth, height, html_escape(title), html_escape(title));
}

std::string text(double x, double y, std::string_view content, double size,
                 std::string_view extra) {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\"{}{}>{}</text>\n", x, y, size,
                     extra.empty() ? "" : " ", extra, html_escape(content));
}

std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view extra) {
  return fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"{}{}/>\n", x,
      y, w, h, fill, extra.empty() ? "" : " ", extra);
}

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0)
    return "0%";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace ashyq::report::svg
