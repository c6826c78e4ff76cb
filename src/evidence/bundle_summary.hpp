// The human-readable parts of an evidence bundle, made from its manifest alone and so checkable:
// `evidence verify` makes them again and compares byte for byte, so the summary a reader sees
// cannot say more or other than the verified data.
//   summary.html  what was measured, from which networks, when, what each measurement found,
//                 and how to verify (self-contained: no scripts, no external resources)
//   README.txt    the bundle's layout and the verification command
#pragma once

#include <string>

#include "evidence/bundle_manifest.hpp"

namespace ashyq::evidence {

std::string summary_html(const BundleManifest& manifest);
std::string readme_text(const BundleManifest& manifest);

}  // namespace ashyq::evidence
