// The drawing primitives of the charts (report/charts.hpp, report/timeline_chart.hpp): inline SVG
// written as text, in a fixed 800-unit-wide view box that CSS scales to the page. No script, no
// external resource, no `url(...)` reference. Every text passes through html_escape.
#pragma once

#include <string>
#include <string_view>

namespace ashyq::report::svg {

inline constexpr double kWidth = 800;
inline constexpr std::string_view kInk = "#1a1a1a";
inline constexpr std::string_view kMuted = "#555555";
inline constexpr std::string_view kTrack = "#eeeeee";

// An estimate of the width of `text` at `font_size` (about 0.6 em a code point): enough for
// layout.
double estimate_width(std::string_view text, double font_size);

// <svg id=… class="chart" role="img" viewBox="0 0 800 height" aria-label=…><title>…</title>
std::string open(std::string_view id, double height, std::string_view title);

// <text x y font-size extra>content</text>; `extra` is more attributes, written as given.
std::string text(double x, double y, std::string_view content, double size,
                 std::string_view extra = "");

// <rect x y width height fill extra/>; `extra` is more attributes, written as given.
std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view extra = "");

// "12.5%" of part in whole ("0%" when whole is 0).
std::string percent(std::size_t part, std::size_t whole);

}  // namespace ashyq::report::svg
