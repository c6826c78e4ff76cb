// The exit codes of `ashyq`, documented in docs/cli.md. Scripts rely on them.
#pragma once

namespace ashyq::cli {

enum ExitCode : int {
  kMeasured = 0,     // the job ran; whatever the network did is in the output
  kFailure = 1,      // an internal error (a bug): the message says what
  kUsage = 2,        // a wrong flag, a bad URL or an unreadable input file
  kEnvironment = 3,  // the machine cannot do it (no root for the lab, helper unreachable, …)
  kPartial = 4,      // done, but some input was malformed and skipped, or some measurement was
                     // refused by or not yet sent to the collector (each one reported)
  kRefused = 5,      // a check failed: evidence that does not verify, a checkpoint a witness
                     // will not cosign (the message names the file or checkpoint and why)
};

}  // namespace ashyq::cli
