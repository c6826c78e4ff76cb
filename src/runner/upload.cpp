#include "runner/upload.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "core/json.hpp"
#include "net/url.hpp"

namespace ashyq::runner {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::string string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The collector's {"error": "..."} when it gave one, else the status.
std::string why_refused(int status, const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    if (auto error = string_field(v.as_object(), "error"); !error.empty())
      return "HTTP " + std::to_string(status) + ": " + error;
  }
  return "HTTP " + std::to_string(status);
}

bool worth_retrying(int status) {
  return status == 0 || status == 408 || status == 429 || status >= 500;
}

}  // namespace

struct Uploader::Sent {
  int status = 0;  // 0: never answered
  std::string body;
  std::string problem;  // the last failure or status, for the user
};

core::Result<std::string> collector_key(std::string_view text) {
  auto url = net::parse_url(text);
  if (!url)
    return core::Error{"collector URL '" + std::string(text) + "'", url.error().why};
  if (text.find('?') != std::string_view::npos || text.find('#') != std::string_view::npos)
    return core::Error{"collector URL '" + std::string(text) + "'",
                       "has a query or fragment; give the base URL"};
  std::string key(text);
  while (key.ends_with('/'))
    key.pop_back();
  return key;
}

Uploader::Uploader(store::ResultsStore& db, UploadSettings settings)
    : db_(db), settings_(std::move(settings)) {
  if (auto key = collector_key(settings_.collector))
    settings_.collector = *key;
}

asio::awaitable<Uploader::Sent> Uploader::post_with_retries(const std::string& url,
                                                            const std::string& body) {
  Sent sent;
  auto backoff = settings_.first_backoff;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (int attempt = 1; attempt <= settings_.attempts; ++attempt) {
    auto answer = co_await net::post_json(settings_.client, url, body);
    sent.status = answer.status;
    sent.body = std::move(answer.body);
    sent.problem = answer.failure ? answer.failure->str() : why_refused(sent.status, sent.body);
    if (!worth_retrying(sent.status) || attempt == settings_.attempts)
      break;
    timer.expires_after(backoff);
    co_await timer.async_wait(asio::use_awaitable);
    backoff *= 2;
  }
  co_return sent;
}

asio::awaitable<core::Result<bool>> Uploader::upload_one(const store::PendingUpload& pending,
                                                         UploadOutcome& outcome) {
  const std::string where = "measurement " + std::to_string(pending.measurement_id);
  auto refuse = [&](const std::string& report_id, std::string reason) -> core::Result<bool> {
    outcome.last_problem = where + ": " + reason;
    ++outcome.refused;
    if (auto kept = db_.record_upload({pending.measurement_id, settings_.collector,
                                       store::UploadState::refused, report_id, "", reason});
        !kept)
      return kept.error();
    return true;
  };
  boost::system::error_code ec;
  auto parsed = json::parse(pending.json, ec);
  if (ec || !parsed.is_object())
    co_return refuse("", "the stored measurement is not a JSON object");
  auto& m = parsed.as_object();

  // The report: opened once per collector, run, test and network, kept before use.
  const store::UploadReportKey key{settings_.collector, pending.run_id,
                                   string_field(m, "test_name"), string_field(m, "probe_cc"),
                                   string_field(m, "probe_asn")};
  auto known = db_.upload_report(key);
  if (!known)
    co_return known.error();
  std::string report_id = known->value_or("");
  if (report_id.empty()) {
    json::object open{{"data_format_version", string_field(m, "data_format_version")},
                      {"format", "json"},
                      {"probe_asn", key.probe_asn},
                      {"probe_cc", key.probe_cc},
                      {"software_name", string_field(m, "software_name")},
                      {"software_version", string_field(m, "software_version")},
                      {"test_name", key.test_name},
                      {"test_start_time", string_field(m, "test_start_time")},
                      {"test_version", string_field(m, "test_version")}};
    auto sent =
        co_await post_with_retries(settings_.collector + "/report", core::to_json_text(open));
    if (sent.status == 200) {
      auto answer = json::parse(sent.body, ec);
      if (!ec && answer.is_object())
        report_id = string_field(answer.as_object(), "report_id");
      if (report_id.empty())
        sent.problem = "the collector's answer to POST /report has no report_id";
    }
    if (report_id.empty()) {
      outcome.last_problem = where + ": opening a report: " + sent.problem;
      if (worth_retrying(sent.status) || sent.status == 200) {
        ++outcome.unsent;
        co_return false;
      }
      co_return refuse("", "opening a report: " + sent.problem);
    }
    if (auto kept = db_.add_upload_report(key, report_id); !kept)
      co_return kept.error();
  }

  m["report_id"] = report_id;
  const std::string body = core::to_json_text(json::object{{"format", "json"}, {"content", m}});
  auto sent = co_await post_with_retries(settings_.collector + "/report/" + report_id, body);
  if (sent.status == 200) {
    std::string uid;
    auto answer = json::parse(sent.body, ec);
    if (!ec && answer.is_object())
      uid = string_field(answer.as_object(), "measurement_uid");
    if (auto kept = db_.record_upload({pending.measurement_id, settings_.collector,
                                       store::UploadState::accepted, report_id, uid, ""});
        !kept)
      co_return kept.error();
    ++outcome.accepted;
    co_return true;
  }
  if (worth_retrying(sent.status)) {
    outcome.last_problem = where + ": " + sent.problem;
    ++outcome.unsent;
    co_return false;
  }
  co_return refuse(report_id, sent.problem);
}

asio::awaitable<core::Result<UploadOutcome>> Uploader::upload_pending() {
  UploadOutcome outcome;
  // A batch at a time, so a large backlog is never all in memory.
  for (;;) {
    auto batch = db_.pending_uploads(settings_.collector, settings_.only_run, 64);
    if (!batch)
      co_return batch.error();
    if (batch->empty())
      break;
    for (const auto& pending : *batch) {
      auto sent = co_await upload_one(pending, outcome);
      if (!sent)
        co_return sent.error();
      if (!*sent) {
        // Unreachable after the retries: count the rest as unsent and stop.
        auto counts = db_.upload_counts(settings_.collector, settings_.only_run);
        if (!counts)
          co_return counts.error();
        outcome.unsent = static_cast<std::size_t>(counts->pending);
        co_return outcome;
      }
    }
  }
  co_return outcome;
}

asio::awaitable<core::Result<UploadOutcome>> Uploader::follow() {
  wakeup_ = std::make_unique<asio::steady_timer>(co_await asio::this_coro::executor);
  UploadOutcome total;
  for (;;) {
    woken_ = false;
    auto round = co_await upload_pending();
    if (!round)
      co_return round.error();
    total.accepted += round->accepted;
    total.refused += round->refused;
    total.unsent = round->unsent;
    if (!round->last_problem.empty())
      total.last_problem = round->last_problem;
    if (round->unsent > 0 || (finishing_ && !woken_))
      break;  // unreachable (the rest waits for `ashyq upload`), or everything is sent
    if (!woken_ && !finishing_) {
      wakeup_->expires_at(asio::steady_timer::time_point::max());
      boost::system::error_code ec;
      co_await wakeup_->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  wakeup_.reset();
  co_return total;
}

void Uploader::wake() {
  woken_ = true;
  if (wakeup_)
    wakeup_->cancel();
}

void Uploader::finish() {
  finishing_ = true;
  if (wakeup_)
    wakeup_->cancel();
}

}  // namespace ashyq::runner
