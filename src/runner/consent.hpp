// Informed consent: before a volunteer's first measurement, the notice of what ashyq does and the
// risk of running it, accepted by typing "yes" or by --accept-risks (automation). Accepting is
// recorded in the home directory, so it is asked once per notice version.
#pragma once

#include <string>

#include "core/result.hpp"

namespace ashyq::runner {

// Ok when consent was given before (recorded in `home`), is given now at the prompt, or `accept`
// is set (then it is recorded). An error says why not: no terminal to ask on (after the notice
// is shown), not accepted, or the consent could not be recorded.
core::Result<void> ensure_consent(bool accept, const std::string& home);

}  // namespace ashyq::runner
