#include "evidence/bundle_summary.hpp"

#include <map>
#include <set>
#include <sstream>

#include "report/text.hpp"
#include "tlog/leaf_record.hpp"
#include "tlog/note_key.hpp"

namespace ashyq::evidence {

namespace {

using report::html_escape;

struct NetworkCounts {
  int measurements = 0;
  int anomalies = 0;
  std::set<std::string> methods;
  std::string first, last;
};

std::string query_words(const EvidenceQuery& q) {
  std::string s = q.domain + " measured from " + q.probe_cc;
  if (!q.probe_asns.empty()) {
    s += " (networks";
    for (const auto& a : q.probe_asns)
      s += " " + a;
    s += ")";
  }
  if (q.since)
    s += ", from " + *q.since;
  if (q.until)
    s += ", until " + *q.until;
  return s;
}

std::string log_name(const BundleManifest& m) {
  auto key = tlog::NoteVerifier::parse(m.log_verifier_key);
  return key ? key->name() : m.log_verifier_key;
}

}  // namespace

std::string summary_html(const BundleManifest& m) {
  std::map<std::string, NetworkCounts> networks;
  std::ostringstream rows;
  for (const auto& x : m.measurements) {
    auto leaf = tlog::decode_leaf(x.leaf_record);
    const auto* ml = leaf ? std::get_if<tlog::MeasurementLeaf>(&*leaf) : nullptr;
    if (!ml)
      continue;
    auto& n = networks[ml->probe_asn];
    ++n.measurements;
    n.anomalies += x.verdict.anomaly ? 1 : 0;
    if (x.verdict.anomaly)
      n.methods.insert(x.verdict.method);
    if (n.first.empty() || ml->measurement_start_time < n.first)
      n.first = ml->measurement_start_time;
    if (ml->measurement_start_time > n.last)
      n.last = ml->measurement_start_time;
    rows << "<tr><td>" << html_escape(ml->measurement_start_time) << "</td><td>"
         << html_escape(ml->probe_asn) << "</td><td>" << html_escape(ml->test_name) << "</td><td>"
         << html_escape(ml->input.value_or("")) << "</td><td>"
         << (x.verdict.failure     ? "could not decide"
             : x.verdict.confirmed ? "blocked (confirmed by a blockpage fingerprint)"
             : x.verdict.anomaly   ? "interference"
                                   : "accessible")
         << "</td><td>" << html_escape(x.verdict.method) << "</td><td>"
         << html_escape(x.verdict.blocking) << "</td><td><code>" << html_escape(x.measurement_uid)
         << "</code></td><td>" << x.leaf_index << "</td></tr>\n";
  }

  std::ostringstream h;
  h << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>Evidence: " << html_escape(m.query.domain) << " in " << html_escape(m.query.probe_cc)
    << "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;"
       "padding:0 1rem;line-height:1.4}table{border-collapse:collapse;font-size:.9rem}"
       "td,th{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top}"
       "code{word-break:break-all}@media (prefers-color-scheme:dark){body{background:#111;"
       "color:#eee}}</style>\n</head><body>\n";
  h << "<h1>Evidence bundle: " << html_escape(query_words(m.query)) << "</h1>\n";
  h << "<p>This bundle holds " << m.measurements.size()
    << " measurements, byte for byte as the observatory received them, and a proof that each is "
       "in the observatory's append-only transparency log <code>"
    << html_escape(log_name(m)) << "</code>. It covers the log's first " << m.tree_size
    << " entries (the tree of the signed checkpoint in <code>checkpoint.txt</code>) and holds "
       "every measurement of this query among them, including those that found the site "
       "accessible.</p>\n";
  h << "<p>Created " << html_escape(m.created) << ". Log entries included for a completeness "
    << "check: " << (m.entries_included ? "yes" : "no")
    << ". Witnesses whose keys are listed: " << m.witness_keys.size() << ".</p>\n";

  h << "<h2>By network</h2>\n<table><thead><tr><th>Network</th><th>Measurements</th>"
       "<th>With interference</th><th>Methods seen</th><th>First</th><th>Last</th></tr></thead>"
       "<tbody>\n";
  for (const auto& [asn, n] : networks) {
    std::string methods;
    for (const auto& x : n.methods)
      methods += (methods.empty() ? "" : ", ") + x;
    h << "<tr><td>" << html_escape(asn) << "</td><td>" << n.measurements << "</td><td>"
      << n.anomalies << "</td><td>" << html_escape(methods) << "</td><td>" << html_escape(n.first)
      << "</td><td>" << html_escape(n.last) << "</td></tr>\n";
  }
  h << "</tbody></table>\n";

  h << "<h2>Every measurement</h2>\n<table><thead><tr><th>Measured (UTC)</th><th>Network</th>"
       "<th>Test</th><th>Input</th><th>Finding</th><th>Method</th><th>OONI blocking</th>"
       "<th>Measurement uid</th><th>Log entry</th></tr></thead><tbody>\n"
    << rows.str() << "</tbody></table>\n";

  h << "<h2>The register: orders, outlets and cases concerning " << html_escape(m.query.domain)
    << "</h2>\n";
  if (m.register_entries.empty()) {
    h << "<p>The observatory's register had no published entry concerning this domain when the "
         "log's checkpoint was signed.</p>\n";
  } else {
    h << "<p>The published register entries concerning this domain, each as the log committed "
         "to it: the file is the entry as the public reads it, and its SHA-256 is in the log "
         "entry named here. The register's editors entered them from the sources each one "
         "cites; the bundle proves what the register said and when, not that it is true. "
         "Entries are included when they concern the domain; the log does not show which "
         "entries that is, so it cannot prove that none was left out.</p>\n"
         "<table><thead><tr><th>Kind</th><th>Entry</th><th>File</th><th>Log entry</th></tr>"
         "</thead><tbody>\n";
    for (const auto& e : m.register_entries)
      h << "<tr><td>" << html_escape(e.kind) << "</td><td>" << html_escape(e.id) << "</td><td>"
        << html_escape(e.file()) << "</td><td>" << e.leaf_index << "</td></tr>\n";
    h << "</tbody></table>\n";
  }

  h << "<h2>How to verify</h2>\n<ol>\n"
       "<li>Get the log's verifier key from the observatory itself (its website or its "
       "published key), not only from this bundle.</li>\n"
       "<li>Run <code>ashyq evidence verify THIS_FILE --key LOG_KEY [--witness-key KEY "
       "--witnesses K]</code>. It checks offline that every measurement's bytes are the ones "
       "the log committed to, every inclusion proof, the checkpoint's signature and its witness "
       "cosignatures, that re-running the analysis on every measurement gives the findings "
       "above, that this summary is the one the data gives, and, when log entries are "
       "included, that no measurement of the query in the covered range was left out.</li>\n"
       "<li>Anyone can also check the checkpoint against the log's public "
       "<code>/checkpoint</code> and tiles (C2SP tlog-tiles) with independent tools.</li>\n"
       "</ol>\n</body></html>\n";
  return h.str();
}

std::string readme_text(const BundleManifest& m) {
  std::ostringstream t;
  t << "ashyq evidence bundle (" << kBundleFormat << ")\n\n"
    << "Query: " << query_words(m.query) << "\n"
    << "Log: " << log_name(m) << ", first " << m.tree_size << " entries\n"
    << "Measurements: " << m.measurements.size() << "\n"
    << "Register entries: " << m.register_entries.size() << "\n\n"
    << "Files\n"
    << "  summary.html            what was measured and found, in words and tables\n"
    << "  manifest.json           the query, the log, each measurement's leaf, proof, verdict\n"
    << "  checkpoint.txt          the log's signed checkpoint (C2SP signed note) with witness\n"
    << "                          cosignatures\n"
    << "  keys/log.vkey           the log's verifier key as the exporter knew it\n"
    << "  keys/witness-N.vkey     the witnesses' verifier keys\n"
    << "  measurements/UID.json   each measurement, byte for byte as submitted and stored\n"
    << (m.register_entries.empty()
            ? ""
            : "  register/KIND-ID.json   each published register entry concerning the domain, as\n"
              "                          the log committed to it (its SHA-256 is in its leaf)\n")
    << (m.entries_included
            ? "  log/tile/entries/...    the log's entries of the covered range (C2SP tlog-tiles)\n"
            : "")
    << "\nVerify (offline):\n"
    << "  ashyq evidence verify BUNDLE --key LOG_VERIFIER_KEY [--witness-key KEY... "
       "--witnesses K]\n"
    << "Exit 0: verified. Exit 5: a check failed (the message names the file and why).\n";
  return t.str();
}

}  // namespace ashyq::evidence
