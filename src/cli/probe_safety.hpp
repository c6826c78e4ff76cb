// What keeps a volunteer safe: the informed-consent notice (shown once, accepted by typing
// "yes" or by --accept-risks for automation) and the scrubbing of the probe's own addresses
// from everything ashyq stores or prints.
#pragma once

#include <string>
#include <vector>

namespace ashyq::cli {

// $ASHYQ_HOME, else $XDG_DATA_HOME/ashyq, else ~/.local/share/ashyq (created if missing).
std::string ashyq_home();

// True when consent was given before, is given now at the prompt, or `accept` is set (then it is
// recorded). False, after explaining why, when there is no terminal to ask on.
bool ensure_consent(bool accept);

// Every address of this machine's interfaces except loopback, plus `extra` (e.g. a public
// address the volunteer knows). These are what scrub() removes.
std::vector<std::string> probe_addresses(const std::vector<std::string>& extra);

// Replaces every occurrence of each address, as a whole token (not inside a longer address),
// with "[scrubbed]".
std::string scrub(std::string text, const std::vector<std::string>& addresses);

}  // namespace ashyq::cli
