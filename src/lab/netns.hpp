// Network-namespace plumbing for the lab: names with a per-run prefix, running code or commands
// inside a namespace, and finding what a crashed run left behind. The host's own namespace is
// never modified: every `ip` command here targets a lab namespace (ip -n NAME / ip netns exec).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ashyq::lab {

// The root of all run directories: /tmp/ashyq-lab/<prefix-without-dash>/.
std::filesystem::path runs_root();

// "aq<pid>-" for the calling process.
std::string lab_prefix_for(pid_t pid);

// Ok if the process may build a lab, else why not (not root, no `ip`, …).
core::Result<void> check_lab_environment();

// The namespaces (`ip netns list`) whose names start with "aq<digits>-".
std::vector<std::string> lab_namespaces();

// Runs `fn` on a thread that has entered namespace `ns`; returns what fn returns.
bool run_in_netns(const std::string& ns, const std::function<bool()>& fn);

// From inside `ns`: can we TCP-connect to ip:port within timeout?
bool tcp_reachable(const std::string& ns, const std::string& ip, uint16_t port,
                   std::chrono::milliseconds timeout);
// From inside `ns`: does the DNS server at ip:53 answer an A query for `name`?
bool dns_answers(const std::string& ns, const std::string& ip, const std::string& name,
                 std::chrono::milliseconds timeout);

// Writes the owner file of a run (pid and start time, so a reused pid is not mistaken).
void write_owner_file(const std::filesystem::path& run_dir);
// True if the run whose directory is `run_dir` has an owner process still running.
bool run_owner_alive(const std::filesystem::path& run_dir);
std::optional<pid_t> run_owner_pid(const std::filesystem::path& run_dir);

// Removes the namespaces, processes, /etc/netns entries and run directories of every lab whose
// owner is gone (or of every lab at all if `all`). Returns one line per thing removed.
std::vector<std::string> clean_leftovers(bool all = false);

// Kills every process in `ns`, deletes it and its /etc/netns directory. Never throws.
void destroy_namespace(const std::string& ns);

}  // namespace ashyq::lab
