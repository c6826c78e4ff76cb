// The register as JSON: the shape of the import files (JSON, and TOML read into the same shape),
// the export and the API. One object with five arrays — authorities, orders, outlets, people,
// cases — each entry an object with the fields of records.hpp (EntryCommon's flattened in).
//
// Reading checks everything before anything is used: unknown fields (a misspelt "date_isued" would
// otherwise vanish silently), formats (dates, country codes, ASNs, URLs, digests, ids), names from
// the vocabularies, unique ids, and references between entries (an order's authority, a person's
// outlets, a case's person). The error names the field by its path ("orders[2].targets[0].kind").
//
// Writing for the public leaves out drafts and every private field (private notes, a person's
// contacts, and who entered an entry: an editor's name can put them at risk), and an entry that
// refers to a draft does not name it (a published person's draft outlet is dropped from their
// outlets).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "register/order_links.hpp"
#include "register/records.hpp"

namespace ashyq::legal {

// Whether every reference must name an entry of the same JSON (a whole register), or may name one
// kept elsewhere (a file of additions to a stored register, checked again once merged).
enum class References { must_resolve, may_be_elsewhere };

core::Result<Register> register_from_json(const boost::json::value& json,
                                          References references = References::must_resolve);

enum class Audience { editors, public_readers };
boost::json::object register_to_json(const Register& reg, Audience audience);

// The entries the public may see: published ones, without their private fields; references to
// unpublished entries removed.
Register published_view(const Register& reg);

// The findings of order_links.hpp as JSON: {"targets": […], "blocked_without_order": […],
// "ordered_not_blocked": […], "blocked_before_order": […]}, each span as {"first", "last",
// "networks", "measurements"}.
boost::json::object links_to_json(const OrderLinks& links);

}  // namespace ashyq::legal
