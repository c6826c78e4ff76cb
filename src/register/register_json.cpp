#include "register/register_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>
#include <set>
#include <type_traits>

#include "core/ascii.hpp"

namespace ashyq::legal {
namespace json = boost::json;
namespace {

// The fields every entry has (EntryCommon).
const std::initializer_list<std::string_view> kCommonFields = {
    "id", "sources", "notes", "private_notes", "publication", "provenance"};
// The longest text any field may hold (a court's summary fits; a pasted book does not).
constexpr std::size_t kMaxFieldBytes = 64 * 1024;
// The most entries of one kind in one register file.
constexpr std::size_t kMaxEntries = 100000;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i]))
      return false;
  int year = std::stoi(std::string(s.substr(0, 4)));
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1)
    return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1])
    return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

bool is_timestamp(std::string_view s) {  // YYYY-MM-DDThh:mm:ssZ
  return s.size() == 20 && is_date(s.substr(0, 10)) && s[10] == 'T' && s[13] == ':' &&
         s[16] == ':' && s[19] == 'Z' && is_digit(s[11]) && is_digit(s[12]) && is_digit(s[14]) &&
         is_digit(s[15]) && is_digit(s[17]) && is_digit(s[18]);
}

bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 128)
    return false;
  auto ok = [](char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); };
  if (!ok(s[0]))
    return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return ok(c) || c == '.' || c == '_' || c == '-'; });
}

bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-')
    return false;
  bool label_empty = true;
  for (char c : s) {
    if (c == '.') {
      if (label_empty)
        return false;
      label_empty = true;
    } else if (is_digit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_') {
      label_empty = false;
    } else {
      return false;
    }
  }
  return !label_empty;
}

bool is_http_url(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://"))
    rest = s.substr(8);
  else if (s.starts_with("http://"))
    rest = s.substr(7);
  else
    return false;
  return !rest.empty() && rest.front() != '/' &&
         std::none_of(s.begin(), s.end(), [](char c) { return core::is_ascii_space(c); });
}

bool is_asn(std::string_view s) {
  return s.size() > 2 && s.size() <= 12 && s.starts_with("AS") &&
         std::all_of(s.begin() + 2, s.end(), is_digit);
}

bool is_ip_range(std::string_view s) {  // an address, or an address "/" a prefix length
  auto slash = s.find('/');
  std::string_view address = s.substr(0, slash);
  if (address.empty() || address.size() > 45)
    return false;
  bool v6 = address.find(':') != std::string_view::npos;
  if (!std::all_of(address.begin(), address.end(), [&](char c) {
        return is_digit(c) || c == '.' || (v6 && (c == ':' || is_lower_hex(c)));
      }))
    return false;
  if (slash == std::string_view::npos)
    return true;
  std::string_view bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), is_digit))
    return false;
  return std::stoi(std::string(bits)) <= (v6 ? 128 : 32);
}

// Reads one object: each field through the typed getters, which record the field as known; then
// `finish` refuses any field that was not read. Errors carry the field's path.
class ObjectReader {
 public:
  ObjectReader(const json::object& object, std::string path)
      : object_(object), path_(std::move(path)) {}

  std::string field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  core::Result<std::string> text(std::string_view key, bool required = false) {
    const json::value* v = object_.if_contains(key);
    if (!v || v->is_null()) {
      if (required)
        return core::Error{field(key), "is required"};
      return std::string();
    }
    if (!v->is_string())
      return core::Error{field(key), "must be a string"};
    const json::string& s = v->get_string();
    if (s.size() > kMaxFieldBytes)
      return core::Error{field(key), "is longer than " + std::to_string(kMaxFieldBytes) + " bytes"};
    if (required && core::ascii_trim(s).empty())
      return core::Error{field(key), "is empty"};
    return std::string(s);
  }

  core::Result<bool> flag(std::string_view key, bool fallback) {
    const json::value* v = object_.if_contains(key);
    if (!v || v->is_null())
      return fallback;
    if (!v->is_bool())
      return core::Error{field(key), "must be true or false"};
    return v->get_bool();
  }

  // The array under `key` (empty when absent).
  core::Result<const json::array*> array(std::string_view key, bool required = false) {
    static const json::array kEmpty;
    const json::value* v = object_.if_contains(key);
    if (!v || v->is_null()) {
      if (required)
        return core::Error{field(key), "is required"};
      return &kEmpty;
    }
    if (!v->is_array())
      return core::Error{field(key), "must be an array"};
    if (v->get_array().size() > kMaxEntries)
      return core::Error{field(key), "has more than " + std::to_string(kMaxEntries) + " items"};
    if (required && v->get_array().empty())
      return core::Error{field(key), "is empty"};
    return &v->get_array();
  }

  core::Result<const json::object*> object(std::string_view key) {
    static const json::object kEmpty;
    const json::value* v = object_.if_contains(key);
    if (!v || v->is_null())
      return &kEmpty;
    if (!v->is_object())
      return core::Error{field(key), "must be an object"};
    return &v->get_object();
  }

  template <class Enum>
  core::Result<Enum> name(std::string_view key, const Vocabulary<Enum>& vocabulary,
                          std::type_identity_t<std::optional<Enum>> fallback = std::nullopt) {
    auto s = text(key, !fallback.has_value());
    if (!s)
      return s.error();
    if (s->empty() && fallback)
      return *fallback;
    if (auto value = vocabulary.parse(*s))
      return *value;
    return core::Error{field(key), "'" + *s + "' is not one of: " + vocabulary.list()};
  }

  // Refuses any field not in `fields` (checked before the values, so a misspelt field is named
  // as such rather than reported as a missing one).
  core::Result<void> allow(std::initializer_list<std::string_view> fields,
                           std::initializer_list<std::string_view> more = {}) const {
    for (const auto& entry : object_) {
      const std::string_view key = entry.key();
      auto is = [&](std::string_view f) { return f == key; };
      if (std::none_of(fields.begin(), fields.end(), is) &&
          std::none_of(more.begin(), more.end(), is))
        return core::Error{field(key), "is not a field of this entry (a misspelling?)"};
    }
    return {};
  }

 private:
  const json::object& object_;
  std::string path_;
};

// `target = *expression`, or return its error. (Used for a long run of field reads, each of which
// can fail; a value-returning reader cannot be written more plainly in C++20.)
#define ASHYQ_CONCAT_(a, b) a##b
#define ASHYQ_CONCAT(a, b) ASHYQ_CONCAT_(a, b)
#define ASHYQ_TRY_AS(target, expression, result) \
  auto result = (expression);                    \
  if (!result)                                   \
    return result.error();                       \
  target = std::move(*result)
#define ASHYQ_TRY(target, expression) \
  ASHYQ_TRY_AS(target, expression, ASHYQ_CONCAT(read_result_, __LINE__))
#define ASHYQ_CHECK(expression)                          \
  do {                                                   \
    if (auto check_result = (expression); !check_result) \
      return check_result.error();                       \
  } while (false)

std::string item(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

core::Result<const json::object*> as_object(const json::value& v, const std::string& path) {
  if (!v.is_object())
    return core::Error{path, "must be an object"};
  return &v.get_object();
}

core::Result<std::vector<std::string>> strings(ObjectReader& r, std::string_view key) {
  const json::array* array = nullptr;
  ASHYQ_TRY(array, r.array(key));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json::value& v = (*array)[i];
    if (!v.is_string())
      return core::Error{item(r.field(key), i), "must be a string"};
    if (v.get_string().size() > kMaxFieldBytes)
      return core::Error{item(r.field(key), i), "is too long"};
    out.emplace_back(v.get_string());
  }
  return out;
}

core::Result<void> check_date(const std::string& value, const std::string& where) {
  if (!value.empty() && !is_date(value))
    return core::Error{where, "'" + value + "' is not a date YYYY-MM-DD"};
  return {};
}

core::Result<Source> read_source(const json::value& v, const std::string& path) {
  const json::object* o = nullptr;
  ASHYQ_TRY(o, as_object(v, path));
  ObjectReader r(*o, path);
  ASHYQ_CHECK(r.allow({"url", "title", "date", "archive_sha256", "language"}));
  Source s;
  ASHYQ_TRY(s.url, r.text("url", true));
  if (!is_http_url(s.url))
    return core::Error{r.field("url"), "is not an http(s) URL"};
  ASHYQ_TRY(s.title, r.text("title"));
  ASHYQ_TRY(s.date, r.text("date"));
  ASHYQ_CHECK(check_date(s.date, r.field("date")));
  ASHYQ_TRY(s.archive_sha256, r.text("archive_sha256"));
  if (!s.archive_sha256.empty() &&
      (s.archive_sha256.size() != 64 ||
       !std::all_of(s.archive_sha256.begin(), s.archive_sha256.end(), is_lower_hex)))
    return core::Error{r.field("archive_sha256"), "is not 64 lower-case hex digits (SHA-256)"};
  ASHYQ_TRY(s.language, r.text("language"));
  if (s.language.size() > 16)
    return core::Error{r.field("language"), "is not a language code"};
  return s;
}

// The fields every entry has; `r` keeps reading the entry's own fields after this.
core::Result<EntryCommon> read_common(ObjectReader& r) {
  EntryCommon c;
  ASHYQ_TRY(c.id, r.text("id", true));
  if (!is_id(c.id))
    return core::Error{r.field("id"),
                       "'" + c.id + "' is not an id (lower-case letters, digits, '.', '_', '-')"};
  const json::array* sources = nullptr;
  ASHYQ_TRY(sources, r.array("sources"));
  for (std::size_t i = 0; i < sources->size(); ++i) {
    Source s;
    ASHYQ_TRY(s, read_source((*sources)[i], item(r.field("sources"), i)));
    c.sources.push_back(std::move(s));
  }
  ASHYQ_TRY(c.notes, r.text("notes"));
  ASHYQ_TRY(c.private_notes, r.text("private_notes"));
  ASHYQ_TRY(c.publication, r.name("publication", kPublications, Publication::draft));
  const json::object* provenance = nullptr;
  ASHYQ_TRY(provenance, r.object("provenance"));
  ObjectReader p(*provenance, r.field("provenance"));
  ASHYQ_CHECK(p.allow({"entered_by", "entered_at"}));
  ASHYQ_TRY(c.provenance.entered_by, p.text("entered_by"));
  ASHYQ_TRY(c.provenance.entered_at, p.text("entered_at"));
  if (!c.provenance.entered_at.empty() && !is_timestamp(c.provenance.entered_at))
    return core::Error{p.field("entered_at"), "is not a time YYYY-MM-DDThh:mm:ssZ"};
  return c;
}

core::Result<Authority> read_authority(ObjectReader& r) {
  Authority a;
  ASHYQ_TRY(a.common, read_common(r));
  ASHYQ_TRY(a.kind, r.name("kind", kAuthorityKinds));
  ASHYQ_TRY(a.name, r.text("name", true));
  ASHYQ_TRY(a.country, r.text("country", true));
  if (a.country.size() != 2 ||
      !std::all_of(a.country.begin(), a.country.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return core::Error{r.field("country"), "'" + a.country + "' is not an ISO country code (KZ)"};
  ASHYQ_TRY(a.jurisdiction, r.text("jurisdiction"));
  return a;
}

core::Result<OrderTarget> read_target(const json::value& v, const std::string& path) {
  const json::object* o = nullptr;
  ASHYQ_TRY(o, as_object(v, path));
  ObjectReader r(*o, path);
  ASHYQ_CHECK(r.allow({"kind", "value"}));
  OrderTarget t;
  ASHYQ_TRY(t.kind, r.name("kind", kTargetKinds));
  ASHYQ_TRY(t.value, r.text("value", true));
  bool ok = true;
  switch (t.kind) {
    case TargetKind::domain:
      ok = is_hostname(t.value);
      break;
    case TargetKind::url:
      ok = is_http_url(t.value);
      break;
    case TargetKind::ip_range:
      ok = is_ip_range(t.value);
      break;
    case TargetKind::app:
      break;
  }
  if (!ok)
    return core::Error{
        r.field("value"),
        "'" + t.value + "' is not a " + std::string(kTargetKinds.name(t.kind)) +
            (t.kind == TargetKind::domain ? " (lower case, no scheme or path)" : "")};
  return t;
}

core::Result<Order> read_order(ObjectReader& r) {
  Order o;
  ASHYQ_TRY(o.common, read_common(r));
  ASHYQ_TRY(o.reference, r.text("reference"));
  ASHYQ_TRY(o.authority, r.text("authority", true));
  ASHYQ_TRY(o.date_issued, r.text("date_issued", true));
  ASHYQ_CHECK(check_date(o.date_issued, r.field("date_issued")));
  ASHYQ_TRY(o.date_in_force, r.text("date_in_force"));
  ASHYQ_CHECK(check_date(o.date_in_force, r.field("date_in_force")));
  if (!o.date_in_force.empty() && o.date_in_force < o.date_issued)
    return core::Error{r.field("date_in_force"), "is before date_issued"};
  const json::object* basis = nullptr;
  ASHYQ_TRY(basis, r.object("legal_basis"));
  ObjectReader b(*basis, r.field("legal_basis"));
  ASHYQ_CHECK(b.allow({"text", "law", "article"}));
  ASHYQ_TRY(o.legal_basis.text, b.text("text"));
  ASHYQ_TRY(o.legal_basis.law, b.text("law"));
  ASHYQ_TRY(o.legal_basis.article, b.text("article"));
  if (!o.legal_basis.article.empty() && o.legal_basis.law.empty())
    return core::Error{b.field("law"), "is required when an article is given"};
  const json::array* targets = nullptr;
  ASHYQ_TRY(targets, r.array("targets", true));
  for (std::size_t i = 0; i < targets->size(); ++i) {
    OrderTarget t;
    ASHYQ_TRY(t, read_target((*targets)[i], item(r.field("targets"), i)));
    o.targets.push_back(std::move(t));
  }
  ASHYQ_TRY(o.national, r.flag("national", true));
  const json::array* networks = nullptr;
  ASHYQ_TRY(networks, r.array("networks"));
  for (std::size_t i = 0; i < networks->size(); ++i) {
    std::string path = item(r.field("networks"), i);
    const json::object* n = nullptr;
    ASHYQ_TRY(n, as_object((*networks)[i], path));
    ObjectReader nr(*n, path);
    ASHYQ_CHECK(nr.allow({"asn", "name"}));
    ScopeNetwork network;
    ASHYQ_TRY(network.asn, nr.text("asn", true));
    if (!is_asn(network.asn))
      return core::Error{nr.field("asn"), "'" + network.asn + "' is not an ASN (AS9198)"};
    ASHYQ_TRY(network.name, nr.text("name"));
    o.networks.push_back(std::move(network));
  }
  if (o.national && !o.networks.empty())
    return core::Error{r.field("networks"),
                       "lists networks of a national order (set national = false)"};
  if (!o.national && o.networks.empty())
    return core::Error{r.field("networks"), "is empty, but the order is not national"};
  const json::array* status = nullptr;
  ASHYQ_TRY(status, r.array("status"));
  for (std::size_t i = 0; i < status->size(); ++i) {
    std::string path = item(r.field("status"), i);
    const json::object* s = nullptr;
    ASHYQ_TRY(s, as_object((*status)[i], path));
    ObjectReader sr(*s, path);
    ASHYQ_CHECK(sr.allow({"status", "since"}));
    StatusChange change;
    ASHYQ_TRY(change.status, sr.name("status", kOrderStatuses));
    ASHYQ_TRY(change.since, sr.text("since", true));
    ASHYQ_CHECK(check_date(change.since, sr.field("since")));
    if (!o.status.empty() && change.since < o.status.back().since)
      return core::Error{sr.field("since"), "is before the change above it (keep date order)"};
    o.status.push_back(std::move(change));
  }
  return o;
}

core::Result<Outlet> read_outlet(ObjectReader& r) {
  Outlet o;
  ASHYQ_TRY(o.common, read_common(r));
  ASHYQ_TRY(o.name, r.text("name", true));
  ASHYQ_TRY(o.kind, r.name("kind", kOutletKinds, OutletKind::other));
  ASHYQ_TRY(o.domains, strings(r, "domains"));
  for (std::size_t i = 0; i < o.domains.size(); ++i)
    if (!is_hostname(o.domains[i]))
      return core::Error{item(r.field("domains"), i),
                         "'" + o.domains[i] + "' is not a domain (lower case, no scheme or path)"};
  ASHYQ_TRY(o.social_accounts, strings(r, "social_accounts"));
  return o;
}

core::Result<Person> read_person(ObjectReader& r) {
  Person p;
  ASHYQ_TRY(p.common, read_common(r));
  ASHYQ_TRY(p.name, r.text("name", true));
  ASHYQ_TRY(p.pseudonym, r.flag("pseudonym", false));
  std::vector<std::string> roles;
  ASHYQ_TRY(roles, strings(r, "roles"));
  for (std::size_t i = 0; i < roles.size(); ++i) {
    auto role = kPersonRoles.parse(roles[i]);
    if (!role)
      return core::Error{item(r.field("roles"), i),
                         "'" + roles[i] + "' is not one of: " + kPersonRoles.list()};
    p.roles.push_back(*role);
  }
  ASHYQ_TRY(p.outlets, strings(r, "outlets"));
  ASHYQ_TRY(p.private_contacts, r.text("private_contacts"));
  return p;
}

core::Result<LegalCase> read_case(ObjectReader& r) {
  LegalCase c;
  ASHYQ_TRY(c.common, read_common(r));
  ASHYQ_TRY(c.person, r.text("person", true));
  const json::array* charges = nullptr;
  ASHYQ_TRY(charges, r.array("charges"));
  for (std::size_t i = 0; i < charges->size(); ++i) {
    std::string path = item(r.field("charges"), i);
    const json::object* o = nullptr;
    ASHYQ_TRY(o, as_object((*charges)[i], path));
    ObjectReader cr(*o, path);
    ASHYQ_CHECK(cr.allow({"code", "article"}));
    Charge charge;
    ASHYQ_TRY(charge.code, cr.text("code", true));
    ASHYQ_TRY(charge.article, cr.text("article", true));
    c.charges.push_back(std::move(charge));
  }
  const json::array* events = nullptr;
  ASHYQ_TRY(events, r.array("events"));
  for (std::size_t i = 0; i < events->size(); ++i) {
    std::string path = item(r.field("events"), i);
    const json::object* o = nullptr;
    ASHYQ_TRY(o, as_object((*events)[i], path));
    ObjectReader er(*o, path);
    ASHYQ_CHECK(er.allow({"kind", "date", "description"}));
    CaseEvent event;
    ASHYQ_TRY(event.kind, er.name("kind", kCaseEventKinds));
    ASHYQ_TRY(event.date, er.text("date", true));
    ASHYQ_CHECK(check_date(event.date, er.field("date")));
    if (!c.events.empty() && event.date < c.events.back().date)
      return core::Error{er.field("date"), "is before the event above it (keep date order)"};
    ASHYQ_TRY(event.description, er.text("description"));
    c.events.push_back(std::move(event));
  }
  ASHYQ_TRY(c.status, r.name("status", kCaseStatuses, CaseStatus::other));
  return c;
}

template <class Entry, class ReadEntry>
core::Result<std::vector<Entry>> read_entries(ObjectReader& top, std::string_view key,
                                              std::initializer_list<std::string_view> fields,
                                              ReadEntry read_entry) {
  const json::array* array = nullptr;
  ASHYQ_TRY(array, top.array(key));
  std::vector<Entry> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string path = item(std::string(key), i);
    const json::object* o = nullptr;
    ASHYQ_TRY(o, as_object((*array)[i], path));
    ObjectReader r(*o, path);
    ASHYQ_CHECK(r.allow(kCommonFields, fields));
    Entry entry;
    ASHYQ_TRY(entry, read_entry(r));
    if (!ids.insert(entry.common.id).second)
      return core::Error{path + ".id", "'" + entry.common.id + "' is used twice"};
    out.push_back(std::move(entry));
  }
  return out;
}

core::Result<void> check_references(const Register& reg) {
  for (std::size_t i = 0; i < reg.orders.size(); ++i)
    if (!reg.authority(reg.orders[i].authority))
      return core::Error{item("orders", i) + ".authority",
                         "no authority has the id '" + reg.orders[i].authority + "'"};
  for (std::size_t i = 0; i < reg.people.size(); ++i)
    for (std::size_t j = 0; j < reg.people[i].outlets.size(); ++j)
      if (!reg.outlet(reg.people[i].outlets[j]))
        return core::Error{item(item("people", i) + ".outlets", j),
                           "no outlet has the id '" + reg.people[i].outlets[j] + "'"};
  for (std::size_t i = 0; i < reg.cases.size(); ++i)
    if (!reg.person(reg.cases[i].person))
      return core::Error{item("cases", i) + ".person",
                         "no person has the id '" + reg.cases[i].person + "'"};
  return {};
}

json::object common_json(const EntryCommon& c, Audience audience) {
  json::object o;
  o["id"] = c.id;
  json::array sources;
  for (const Source& s : c.sources) {
    json::object so;
    so["url"] = s.url;
    if (!s.title.empty())
      so["title"] = s.title;
    if (!s.date.empty())
      so["date"] = s.date;
    if (!s.archive_sha256.empty())
      so["archive_sha256"] = s.archive_sha256;
    if (!s.language.empty())
      so["language"] = s.language;
    sources.push_back(std::move(so));
  }
  o["sources"] = std::move(sources);
  if (!c.notes.empty())
    o["notes"] = c.notes;
  if (audience == Audience::editors && !c.private_notes.empty())
    o["private_notes"] = c.private_notes;
  o["publication"] = kPublications.name(c.publication);
  if (!c.provenance.entered_by.empty() || !c.provenance.entered_at.empty()) {
    json::object p;
    if (!c.provenance.entered_by.empty())
      p["entered_by"] = c.provenance.entered_by;
    if (!c.provenance.entered_at.empty())
      p["entered_at"] = c.provenance.entered_at;
    o["provenance"] = std::move(p);
  }
  return o;
}

json::array string_array(const std::vector<std::string>& values) {
  return json::array(values.begin(), values.end());
}

}  // namespace

core::Result<Register> register_from_json(const json::value& json, References references) {
  if (!json.is_object())
    return core::Error{"", "the register must be a JSON object"};
  ObjectReader top(json.get_object(), "");
  for (const auto& [key, value] : json.get_object())
    if (key != "authorities" && key != "orders" && key != "outlets" && key != "people" &&
        key != "cases")
      return core::Error{std::string(key),
                         "is not a part of the register (authorities, orders, outlets, people, "
                         "cases)"};
  Register reg;
  ASHYQ_TRY(reg.authorities,
            read_entries<Authority>(top, "authorities", {"kind", "name", "country", "jurisdiction"},
                                    read_authority));
  ASHYQ_TRY(reg.orders,
            read_entries<Order>(top, "orders",
                                {"reference", "authority", "date_issued", "date_in_force",
                                 "legal_basis", "targets", "national", "networks", "status"},
                                read_order));
  ASHYQ_TRY(reg.outlets,
            read_entries<Outlet>(top, "outlets", {"name", "kind", "domains", "social_accounts"},
                                 read_outlet));
  ASHYQ_TRY(reg.people,
            read_entries<Person>(top, "people",
                                 {"name", "pseudonym", "roles", "outlets", "private_contacts"},
                                 read_person));
  ASHYQ_TRY(reg.cases, read_entries<LegalCase>(
                           top, "cases", {"person", "charges", "events", "status"}, read_case));
  if (references == References::must_resolve)
    ASHYQ_CHECK(check_references(reg));
  return reg;
}

Register published_view(const Register& reg) {
  auto published = [](const auto& entry) {
    return entry.common.publication == Publication::published;
  };
  // Who entered an entry stays with the editors (an editor's name can put them at risk); when it
  // was entered is public.
  auto strip = [](EntryCommon& c) {
    c.private_notes.clear();
    c.provenance.entered_by.clear();
  };
  Register out;
  for (const Authority& a : reg.authorities)
    if (published(a)) {
      out.authorities.push_back(a);
      strip(out.authorities.back().common);
    }
  for (const Outlet& o : reg.outlets)
    if (published(o)) {
      out.outlets.push_back(o);
      strip(out.outlets.back().common);
    }
  for (const Order& o : reg.orders)
    if (published(o) && out.authority(o.authority)) {  // an order shows who issued it
      out.orders.push_back(o);
      strip(out.orders.back().common);
    }
  for (const Person& p : reg.people)
    if (published(p)) {
      Person copy = p;
      strip(copy.common);
      copy.private_contacts.clear();
      std::erase_if(copy.outlets, [&](const std::string& id) { return !out.outlet(id); });
      out.people.push_back(std::move(copy));
    }
  for (const LegalCase& c : reg.cases)
    if (published(c) && out.person(c.person)) {  // a case shows whose it is
      out.cases.push_back(c);
      strip(out.cases.back().common);
    }
  return out;
}

json::object register_to_json(const Register& full, Audience audience) {
  Register shown = audience == Audience::public_readers ? published_view(full) : Register();
  const Register& reg = audience == Audience::public_readers ? shown : full;
  json::object out;
  json::array authorities;
  for (const Authority& a : reg.authorities) {
    json::object o = common_json(a.common, audience);
    o["kind"] = kAuthorityKinds.name(a.kind);
    o["name"] = a.name;
    o["country"] = a.country;
    if (!a.jurisdiction.empty())
      o["jurisdiction"] = a.jurisdiction;
    authorities.push_back(std::move(o));
  }
  json::array orders;
  for (const Order& order : reg.orders) {
    json::object o = common_json(order.common, audience);
    if (!order.reference.empty())
      o["reference"] = order.reference;
    o["authority"] = order.authority;
    o["date_issued"] = order.date_issued;
    if (!order.date_in_force.empty())
      o["date_in_force"] = order.date_in_force;
    json::object basis;
    if (!order.legal_basis.text.empty())
      basis["text"] = order.legal_basis.text;
    if (!order.legal_basis.law.empty())
      basis["law"] = order.legal_basis.law;
    if (!order.legal_basis.article.empty())
      basis["article"] = order.legal_basis.article;
    o["legal_basis"] = std::move(basis);
    json::array targets;
    for (const OrderTarget& t : order.targets)
      targets.push_back(json::object{{"kind", kTargetKinds.name(t.kind)}, {"value", t.value}});
    o["targets"] = std::move(targets);
    o["national"] = order.national;
    json::array networks;
    for (const ScopeNetwork& n : order.networks) {
      json::object no{{"asn", n.asn}};
      if (!n.name.empty())
        no["name"] = n.name;
      networks.push_back(std::move(no));
    }
    if (!order.national)
      o["networks"] = std::move(networks);
    json::array status;
    for (const StatusChange& s : order.status)
      status.push_back(json::object{{"status", kOrderStatuses.name(s.status)}, {"since", s.since}});
    o["status"] = std::move(status);
    orders.push_back(std::move(o));
  }
  json::array outlets;
  for (const Outlet& outlet : reg.outlets) {
    json::object o = common_json(outlet.common, audience);
    o["name"] = outlet.name;
    o["kind"] = kOutletKinds.name(outlet.kind);
    o["domains"] = string_array(outlet.domains);
    o["social_accounts"] = string_array(outlet.social_accounts);
    outlets.push_back(std::move(o));
  }
  json::array people;
  for (const Person& person : reg.people) {
    json::object o = common_json(person.common, audience);
    o["name"] = person.name;
    o["pseudonym"] = person.pseudonym;
    json::array roles;
    for (PersonRole role : person.roles)
      roles.push_back(json::string(kPersonRoles.name(role)));
    o["roles"] = std::move(roles);
    o["outlets"] = string_array(person.outlets);
    if (audience == Audience::editors && !person.private_contacts.empty())
      o["private_contacts"] = person.private_contacts;
    people.push_back(std::move(o));
  }
  json::array cases;
  for (const LegalCase& c : reg.cases) {
    json::object o = common_json(c.common, audience);
    o["person"] = c.person;
    json::array charges;
    for (const Charge& charge : c.charges)
      charges.push_back(json::object{{"code", charge.code}, {"article", charge.article}});
    o["charges"] = std::move(charges);
    json::array events;
    for (const CaseEvent& e : c.events) {
      json::object eo{{"kind", kCaseEventKinds.name(e.kind)}, {"date", e.date}};
      if (!e.description.empty())
        eo["description"] = e.description;
      events.push_back(std::move(eo));
    }
    o["events"] = std::move(events);
    o["status"] = kCaseStatuses.name(c.status);
    cases.push_back(std::move(o));
  }
  out["authorities"] = std::move(authorities);
  out["orders"] = std::move(orders);
  out["outlets"] = std::move(outlets);
  out["people"] = std::move(people);
  out["cases"] = std::move(cases);
  return out;
}

namespace {

json::object span_json(const Span& span) {
  return json::object{{"first", span.first},
                      {"last", span.last},
                      {"networks", json::array(span.networks.begin(), span.networks.end())},
                      {"measurements", span.measurements}};
}

}  // namespace

json::object links_to_json(const OrderLinks& links) {
  json::array targets, without, not_blocked, before;
  for (const auto& t : links.targets)
    targets.push_back(json::object{{"order", t.order},
                                   {"target", t.target},
                                   {"domain", t.domain},
                                   {"blocked", span_json(t.blocked)}});
  for (const auto& w : links.blocked_without_order)
    without.push_back(json::object{
        {"country", w.country}, {"domain", w.domain}, {"blocked", span_json(w.blocked)}});
  for (const auto& n : links.ordered_not_blocked)
    not_blocked.push_back(json::object{
        {"order", n.order}, {"domain", n.domain}, {"accessible", span_json(n.accessible)}});
  for (const auto& b : links.blocked_before_order)
    before.push_back(json::object{{"order", b.order},
                                  {"order_date", b.order_date},
                                  {"domain", b.domain},
                                  {"blocked", span_json(b.blocked)}});
  return json::object{{"targets", std::move(targets)},
                      {"blocked_without_order", std::move(without)},
                      {"ordered_not_blocked", std::move(not_blocked)},
                      {"blocked_before_order", std::move(before)}};
}

}  // namespace ashyq::legal
