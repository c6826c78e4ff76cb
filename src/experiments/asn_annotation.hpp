// The ASN and organisation of every A and AAAA answer in recorded DNS queries, as OONI's
// archival format carries them (answers[].asn, answers[].as_org_name).
#pragma once

#include <vector>

#include "geo/asn_database.hpp"
#include "model/dns_query.hpp"

namespace ashyq::experiments {

// Fills asn and as_org_name of each address answer `db` knows; nothing when `db` is null.
void annotate_asns(std::vector<model::DnsQuery>& queries, const geo::AsnDatabase* db);

}  // namespace ashyq::experiments
