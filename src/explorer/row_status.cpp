#include "explorer/row_status.hpp"

#include "explorer/html.hpp"
#include "report/methods.hpp"

namespace ashyq::explorer {

RowStatus status_of(const collector::ObservatoryRow& row) {
  if (row.failure)
    return RowStatus::failure;
  if (row.confirmed)
    return RowStatus::confirmed;
  if (row.anomaly)
    return RowStatus::anomaly;
  return RowStatus::ok;
}

std::string_view to_string(RowStatus status) {
  switch (status) {
    case RowStatus::ok:
      return "ok";
    case RowStatus::anomaly:
      return "anomaly";
    case RowStatus::confirmed:
      return "confirmed";
    case RowStatus::failure:
      return "failure";
  }
  return "ok";
}

std::string status_words(const PageRequest& request, const collector::ObservatoryRow& row) {
  const auto& t = request.t();
  switch (status_of(row)) {
    case RowStatus::ok:
      return std::string(t.tr("Accessible"));
    case RowStatus::anomaly:
      if (report::is_blocking_method(row.method))
        return t.trf("Anomaly: {0}", {method_label(request, row.method)});
      return std::string(t.tr("Anomaly: other"));
    case RowStatus::confirmed:
      return std::string(t.tr("Confirmed blocked"));
    case RowStatus::failure:
      return std::string(t.tr("Failed measurement"));
  }
  return {};
}

std::string_view status_colour(const collector::ObservatoryRow& row) {
  switch (status_of(row)) {
    case RowStatus::ok:
      return kOkColour;
    case RowStatus::anomaly:
      return report::is_blocking_method(row.method) ? method_colour(row.method)
                                                    : kOtherAnomalyColour;
    case RowStatus::confirmed:
      return kConfirmedColour;
    case RowStatus::failure:
      return kFailureColour;
  }
  return kOkColour;
}

}  // namespace ashyq::explorer
