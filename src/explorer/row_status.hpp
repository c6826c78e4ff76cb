// One measurement's outcome as the explorer shows it — the same partition the aggregation counts
// use (a failure, else confirmed, else an anomaly, else accessible) — with its words and colour.
#pragma once

#include <string>
#include <string_view>

#include "collector/observatory_row.hpp"
#include "explorer/page.hpp"

namespace ashyq::explorer {

enum class RowStatus { ok, anomaly, confirmed, failure };

RowStatus status_of(const collector::ObservatoryRow& row);

// "ok", "anomaly", "confirmed", "failure" (data attributes).
std::string_view to_string(RowStatus status);

// "Accessible", "Anomaly: TLS handshake blocked", "Confirmed blocked", "Failed measurement".
std::string status_words(const PageRequest& request, const collector::ObservatoryRow& row);

std::string_view status_colour(const collector::ObservatoryRow& row);

inline constexpr std::string_view kOkColour = "#b9dcb9";
inline constexpr std::string_view kConfirmedColour = "#5c0011";
inline constexpr std::string_view kFailureColour = "#b0b0b0";
inline constexpr std::string_view kOtherAnomalyColour = "#e0b060";

}  // namespace ashyq::explorer
