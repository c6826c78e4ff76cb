// Small pieces of HTML the explorer's pages share: number cells that carry their plain value
// (data-value) beside the number written for the reader, and a table inside a box that scrolls
// on its own on a narrow screen.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "explorer/page.hpp"

namespace ashyq::explorer {

// <td class="num" `attributes` data-value="n">n in the reader's language</td>
std::string number_cell(const PageRequest& request, std::int64_t n, std::string_view attributes);

// <div class="table-wrap"><table `attributes`>…</table></div> around `rows` (HTML).
std::string table(std::string_view attributes, std::string_view head, std::string_view rows);

// The words of ashyq's method `name` in the reader's language ("TLS handshake blocked").
std::string method_label(const PageRequest& request, std::string_view name);

// The chart colour of a method.
std::string_view method_colour(std::string_view name);

// "Kazakhstan (KZ)" in the reader's language, or "KZ" for a country without a name here.
std::string country_label(const PageRequest& request, std::string_view cc);

}  // namespace ashyq::explorer
