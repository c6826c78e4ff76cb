// The HTML report: one self-contained page that a volunteer, a journalist or a court can open
// offline. It makes no request of any kind: no script, no external stylesheet, font or image
// (CSS is inline, charts are inline SVG), and a Content-Security-Policy of default-src 'none'
// backs that up. Every string that came from a network or a list is HTML-escaped
// (report/text.hpp). Measured URLs are shown as text, never as links.
//
// Sections: #runs, #overview (the table #summary, rows data-summary="tls" …), #ground-truth (lab
// worlds only: tables #ground-truth-counts with rows data-gt-method="…", #ground-truth-table),
// #charts (<svg id="chart-methods">, <svg id="chart-categories">), #blocked (table
// #blocked-table, one <tr data-method="…"> per blocked measurement, sorted by method in report
// order then domain), #undecided (table #undecided-table, rows data-result="down|unknown"),
// #methods (the glossary), and a footer naming the data format, the version and that the
// probe's IP address is not included.
#pragma once

#include <string>

#include "report/report_input.hpp"

namespace ashyq::report {

// A complete UTF-8 HTML document. Pure: the same input gives the same bytes.
std::string render_html(const ReportInput& in);

}  // namespace ashyq::report
