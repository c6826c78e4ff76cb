// Address scrubbing: the probe's own addresses never reach what ashyq stores or prints. The
// machine's interface addresses (and any the volunteer adds, e.g. a public one) are replaced by
// "[scrubbed]" in every measurement before it is written.
#pragma once

#include <string>
#include <vector>

namespace ashyq::runner {

// Every address of this machine's interfaces except loopback, plus `extra` (e.g. a public
// address the volunteer knows). These are what scrub() removes.
std::vector<std::string> probe_addresses(const std::vector<std::string>& extra);

// Replaces every occurrence of each address, as a whole token (not inside a longer address),
// with "[scrubbed]".
std::string scrub(std::string text, const std::vector<std::string>& addresses);

}  // namespace ashyq::runner
