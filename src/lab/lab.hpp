// One running lab: the namespaces of the topology, the real servers, the censor, and the
// nftables/tc rules, all built from a Scenario and all removed by down() (also called by the
// destructor, so a failing test or an exception never leaves anything behind).
//
//   client ──veth── censor (router: NFQUEUE censor, nftables, tc) ──veth── internet
//                                                                           │ (sites, resolvers,
//                                                                    veth   │  blockpage)
//                                                                  helper ("abroad":
//                                                                  `ashyq helper`, the control)
//
// Namespaces are named "<prefix><role>" with prefix "aq<owner pid>-". Not thread-safe.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "lab/scenario.hpp"

namespace ashyq::lab {

struct LabOptions {
  std::string ashyq_binary;   // MANDATORY: runs `ashyq lab censor` and `ashyq helper`
  bool keep_run_dir = false;  // keep configs and logs after down() (for debugging)
  bool verbose = false;       // print each setup step on stderr
  // When set: the observatory's collector (`ashyq collector`) runs abroad beside the helper, at
  // addr::collector_url(), keeping what it accepts in this SQLite file (outside the run dir, so
  // it outlives the lab).
  std::string collector_store;
};

class Lab {
 public:
  Lab(Scenario scenario, LabOptions options);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // Builds everything; throws LabError (after undoing what it did) if a step fails.
  void up();
  // Tears everything down; safe to call twice; never throws.
  void down() noexcept;

  // The client namespace of an ISP (scenario `isps`; "" is the first): "<prefix>client" when the
  // scenario has no ISPs, else "<prefix>client-<isp>".
  std::string client_ns(const std::string& isp = "") const;
  std::vector<std::string> client_namespaces() const;
  std::string censor_ns() const { return prefix_ + "censor"; }
  std::string internet_ns() const { return prefix_ + "internet"; }
  std::string helper_ns() const { return prefix_ + "helper"; }
  const std::string& prefix() const { return prefix_; }
  const std::filesystem::path& run_dir() const { return dir_; }
  std::filesystem::path ca_file() const { return dir_ / "ca.pem"; }
  // The address plan in `ashyq run --bogons` syntax ("-10.77.0.0/16").
  std::filesystem::path plan_file() const { return dir_ / "address-plan.txt"; }
  const Scenario& scenario() const { return scenario_; }
  // Adds a censor rule to the running lab (the world changes between two runs): a `reject_reset`
  // or `dnat_blockpage` rule, done by nftables, whose `ip` may name sites and whose `isp` names
  // the scenario's ISPs. It applies to new connections from then on and is in scenario() after.
  // Throws LabError (other actions: the censor program reads its rules when it starts) or
  // ScenarioError (an `ip` that is neither an address nor a site).
  void add_rule(Rule rule);
  // The censor's log so far (its rule hits), for reports.
  std::string censor_log() const;

 private:
  void step(const std::string& what);
  void ip(const std::string& ns, const std::vector<std::string>& args);
  void in_ns(const std::string& ns, const std::vector<std::string>& argv,
             const std::string& input = "");
  pid_t start_in_ns(const std::string& ns, const std::vector<std::string>& argv,
                    const std::string& log);
  void build_topology();
  void start_servers();
  void start_helper();
  void start_stun();  // the STUN server in the internet namespace
  void start_collector();
  void start_interceptor();  // TLS interceptors and the transparent HTTP proxy
  void start_censor();
  void install_filters();

  Scenario scenario_;
  LabOptions options_;
  std::string prefix_;
  std::filesystem::path dir_;
  std::vector<std::string> namespaces_;
  std::vector<pid_t> pids_;  // started servers, stopped in reverse order
  bool up_ = false;
  int added_rules_ = 0;
};

// The `nft -f` commands that add `rule` to a running lab's table (Lab::add_rule): its `ip` list
// already resolved to addresses. Throws LabError for an action other than reject_reset and
// dnat_blockpage, no ip, or an ISP the scenario does not have.
std::string added_rule_nft(const Scenario& scenario, const Rule& rule);

}  // namespace ashyq::lab
