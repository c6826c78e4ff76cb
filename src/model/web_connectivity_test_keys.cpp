#include "model/web_connectivity_test_keys.hpp"

#include <boost/json.hpp>

#include "model/archival_json.hpp"
#include "model/json_reader.hpp"
#include "model/url_parts.hpp"

namespace ashyq::model {
namespace json = boost::json;

namespace {

// "blocking" is false, null or a string.
void read_blocking(JsonReader& r, std::optional<std::string>& out) {
  const auto* v = r.find("blocking");
  if (!v || v->is_null())
    return;
  if (v->is_bool()) {
    out = v->as_bool() ? "true" : "false";
  } else if (v->is_string()) {
    out = std::string(v->as_string());
  } else {
    r.fail("blocking",
           std::string("expected false, null or a string, got ") + json_kind_name(v->kind()));
  }
}

// The classic keys are what the probe concluded; one of an unexpected type is skipped rather
// than failing the measurement, since the analysis recomputes them anyway.
void read_recorded(JsonReader& tk, RecordedKeys& rec) {
  if (const auto* v = tk.find("dns_consistency"); v && v->is_string())
    rec.dns_consistency = std::string(v->as_string());
  read_blocking(tk, rec.blocking);
  if (const auto* v = tk.find("accessible"); v && v->is_bool())
    rec.accessible = v->as_bool();
  if (const auto* v = tk.find("x_status"); v && v->is_number()) {
    std::int64_t x = 0;
    tk.integer("x_status", x);
    rec.x_status = x;
  }
  tk.failure("dns_experiment_failure", rec.dns_experiment_failure);
  tk.failure("http_experiment_failure", rec.http_experiment_failure);
}

void read_test_keys(JsonReader& tk, WebConnectivityTestKeys& out) {
  read_records(tk, "queries", out.queries, read_dns_query);
  read_records(tk, "tcp_connect", out.tcp_connect, read_tcp_connect);
  read_records(tk, "tls_handshakes", out.tls_handshakes, read_tls_handshake);
  read_records(tk, "requests", out.requests, read_http_transaction);
  read_records(tk, "network_events", out.network_events, read_network_event);
  tk.failure("control_failure", out.control_failure);
  if (auto c = tk.sub("control")) {
    ControlResponse control;
    read_control_response(*c, control);
    out.control = std::move(control);
  }
  read_recorded(tk, out.recorded);
}

}  // namespace

core::Result<WebConnectivityMeasurement> parse_web_connectivity(const json::value& measurement) {
  if (!measurement.is_object()) {
    return core::Error{"", std::string("a measurement must be a JSON object, got ") +
                               json_kind_name(measurement.kind())};
  }
  std::optional<core::Error> error;
  WebConnectivityMeasurement in;
  JsonReader env(measurement.as_object(), "", error);
  env.string("input", in.input_url);
  env.string("test_version", in.test_version);
  env.string("probe_cc", in.probe_cc);
  env.string("probe_asn", in.probe_asn);
  env.string("measurement_start_time", in.measurement_start_time);
  const json::object* tk_obj = &measurement.as_object();
  std::string tk_path;
  if (env.find("test_keys")) {
    tk_obj = env.object("test_keys");
    if (!tk_obj) {
      if (error)
        return *error;
      return core::Error{"test_keys", "must not be null"};
    }
    tk_path = "test_keys";
  }
  JsonReader tk(*tk_obj, tk_path, error);
  read_test_keys(tk, in);

  if (error)
    return *error;
  if (in.input_url.empty())
    return core::Error{"input", "missing: the measured URL is required"};
  if (!split_url(in.input_url))
    return core::Error{"input", "'" + in.input_url + "' is not an http:// or https:// URL"};
  return in;
}

core::Result<WebConnectivityMeasurement> parse_web_connectivity_text(std::string_view json_text) {
  boost::system::error_code ec;
  auto v = json::parse(json_text, ec);
  if (ec)
    return core::Error{"", "not valid JSON: " + ec.message()};
  return parse_web_connectivity(v);
}

}  // namespace ashyq::model
