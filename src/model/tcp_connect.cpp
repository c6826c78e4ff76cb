#include "model/tcp_connect.hpp"

#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

std::string TcpConnect::endpoint() const {
  if (ip.find(':') != std::string::npos)
    return "[" + ip + "]:" + std::to_string(port);
  return ip + ":" + std::to_string(port);
}

json::value to_json(const TcpConnect& c) {
  json::object o;
  o["ip"] = c.ip;
  o["port"] = c.port;
  json::object status;
  if (c.blocked)
    status["blocked"] = *c.blocked;
  status["failure"] = core::failure_json(c.failure);
  status["success"] = c.success();
  o["status"] = std::move(status);
  put_timing(o, c);
  return o;
}

void read_tcp_connect(JsonReader& r, TcpConnect& c) {
  read_timing(r, c);
  r.string("ip", c.ip);
  r.integer("port", c.port);
  // A connect whose record does not say it succeeded did not succeed, even when it does not say
  // how it failed (a missing status, or success false with a null failure).
  bool success = false;
  if (auto status = r.sub("status")) {
    status->failure("failure", c.failure);
    status->optional_boolean("blocked", c.blocked);
    status->boolean("success", success);
  }
  if (!success && !c.failure)
    c.failure = core::Failure::unknown("connect did not succeed");
}

core::Result<TcpConnect> tcp_connect_from_json(const json::value& v, std::string path) {
  return read_record<TcpConnect>(v, std::move(path), read_tcp_connect);
}

}  // namespace ashyq::model
