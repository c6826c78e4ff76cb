#include "experiments/asn_annotation.hpp"

namespace ashyq::experiments {

void annotate_asns(std::vector<model::DnsQuery>& queries, const geo::AsnDatabase* db) {
  if (!db)
    return;
  for (auto& q : queries) {
    for (auto& a : q.answers) {
      if (a.answer_type != "A" && a.answer_type != "AAAA")
        continue;
      if (auto info = db->lookup(a.value)) {
        a.asn = info->asn;
        a.as_org_name = info->organisation;
      }
    }
  }
}

}  // namespace ashyq::experiments
