// The register's vocabularies (register/records.hpp, register/outlet_timeline.hpp) as the reader
// reads them: one translated label per name, for every register page.
#pragma once

#include <string_view>

#include "explorer/page.hpp"
#include "register/outlet_timeline.hpp"
#include "register/records.hpp"

namespace ashyq::explorer {

std::string_view label(const PageRequest& request, legal::AuthorityKind kind);
std::string_view label(const PageRequest& request, legal::OutletKind kind);
std::string_view label(const PageRequest& request, legal::PersonRole role);
std::string_view label(const PageRequest& request, legal::CaseEventKind kind);
std::string_view label(const PageRequest& request, legal::CaseStatus status);
std::string_view label(const PageRequest& request, legal::TimelineKind kind);

}  // namespace ashyq::explorer
