// The register's prosecutions (docs/register.md), drawn from the published register only:
//   /cases       every published case: whose, for which charges, its status, its latest event
//   /case/{id}   one case in full — the person and the outlets they work for (each linked to its
//                page and timeline), the charges, the events in date order, the sources
#pragma once

#include <string>

#include "explorer/page.hpp"
#include "register/records.hpp"

namespace ashyq::explorer {

std::string render_cases(const PageRequest& request, const legal::Register& published);

std::string render_case(const PageRequest& request, const legal::Register& published,
                        const legal::LegalCase& legal_case);

// "Name (pseudonym) — journalist, blogger" for a person of `published`; the id when unknown.
std::string person_text(const PageRequest& request, const legal::Register& published,
                        const std::string& person_id);

// The person's outlets, each linked to its page ("" when none is published).
std::string outlets_text(const PageRequest& request, const legal::Register& published,
                         const legal::Person& person);

}  // namespace ashyq::explorer
