// The register's records: who ordered a blocking (authorities and their orders), which outlets and
// people the same state prosecutes (outlets, people, cases), with the sources that say so. Defined
// once here; register_json.hpp reads and writes them, order_links.hpp sets them beside the
// measurements. Every vocabulary (authority kinds, target kinds, case events…) has one list of
// names below, the names written in files and in the API.
//
// Dates are "YYYY-MM-DD" (the day an order was issued or a verdict given is what a source states;
// a time of day would be invented precision). Fields under `private_` never leave the editors'
// view: the public JSON, the explorer, exports and evidence bundles omit them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ashyq::legal {

// A vocabulary: an enum whose values have one written name each, in declaration order.
template <class Enum>
struct Vocabulary {
  std::span<const std::string_view> names;
  std::string_view name(Enum value) const { return names[static_cast<std::size_t>(value)]; }
  std::optional<Enum> parse(std::string_view text) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == text)
        return static_cast<Enum>(i);
    return std::nullopt;
  }
  std::string list() const;  // "court, prosecutor, …" for error messages
};

enum class AuthorityKind { court, prosecutor, national_security, ministry, isp, other };
enum class TargetKind { domain, url, app, ip_range };
enum class OrderStatus { in_force, lifted };
enum class OutletKind { news, blog, human_rights, social_media, other };
enum class PersonRole { journalist, blogger, editor, activist, human_rights_defender, other };
enum class CaseEventKind {
  investigation_opened,
  charged,
  detained,
  trial,
  verdict,
  sentence,
  released,
  acquitted,
  appeal,
  other
};
enum class CaseStatus { investigation, trial, convicted, acquitted, closed, appeal, other };
enum class Publication { draft, published };

extern const Vocabulary<AuthorityKind> kAuthorityKinds;
extern const Vocabulary<TargetKind> kTargetKinds;
extern const Vocabulary<OrderStatus> kOrderStatuses;
extern const Vocabulary<OutletKind> kOutletKinds;
extern const Vocabulary<PersonRole> kPersonRoles;
extern const Vocabulary<CaseEventKind> kCaseEventKinds;
extern const Vocabulary<CaseStatus> kCaseStatuses;
extern const Vocabulary<Publication> kPublications;

// Where a fact comes from: a published document, with the digest of the copy the editors archived
// (so a reader can check that the page they find is the page that was read).
struct Source {
  std::string url;  // http(s)
  std::string title;
  std::string date;            // "YYYY-MM-DD", "" when the source has none
  std::string archive_sha256;  // 64 lower-case hex digits, "" when no copy was archived
  std::string language;        // "ru", "kk", "en"…, "" when not stated
  bool operator==(const Source&) const = default;
};

// Who entered an entry and when; set by the register, not by the editor's file.
struct Provenance {
  std::string entered_by;  // the editor's name
  std::string entered_at;  // "YYYY-MM-DDThh:mm:ssZ"
  bool operator==(const Provenance&) const = default;
};

// What every entry carries besides its own fields.
struct EntryCommon {
  std::string id;  // [a-z0-9][a-z0-9._-]*, unique within its kind
  std::vector<Source> sources;
  std::string notes;          // public
  std::string private_notes;  // editors only
  Publication publication = Publication::draft;
  Provenance provenance;
  bool operator==(const EntryCommon&) const = default;
};

struct Authority {
  EntryCommon common;
  AuthorityKind kind = AuthorityKind::other;
  std::string name;
  std::string country;       // ISO 3166-1 alpha-2, upper case: whose networks its orders bind
  std::string jurisdiction;  // free text ("Almaty city"), "" for the whole country
  bool operator==(const Authority&) const = default;
};

// The law an order rests on: the words of the order, and where it can be resolved, the law and
// article (`law` an id from the shipped legal reference, e.g. "kz-law-communications").
struct LegalBasis {
  std::string text;
  std::string law;
  std::string article;  // "41-1", "41-1 §1"
  bool operator==(const LegalBasis&) const = default;
};

struct OrderTarget {
  TargetKind kind = TargetKind::domain;
  std::string value;  // "example.kz" (a domain names its subdomains too), a URL, an app name,
                      // an address range "192.0.2.0/24"
  bool operator==(const OrderTarget&) const = default;
};

// A network an order names: its autonomous system, and the operator's name as the order gives it.
struct ScopeNetwork {
  std::string asn;  // "AS9198"
  std::string name;
  bool operator==(const ScopeNetwork&) const = default;
};

struct StatusChange {
  OrderStatus status = OrderStatus::in_force;
  std::string since;  // "YYYY-MM-DD"
  bool operator==(const StatusChange&) const = default;
};

struct Order {
  EntryCommon common;
  std::string reference;    // the identifier the authority gave it ("25-01-25/4"), "" when unknown
  std::string authority;    // an Authority id
  std::string date_issued;  // "YYYY-MM-DD"
  std::string date_in_force;  // "YYYY-MM-DD", "" when the source does not say (then: issued)
  LegalBasis legal_basis;
  std::vector<OrderTarget> targets;
  bool national = true;                // false: only the networks below
  std::vector<ScopeNetwork> networks;  // empty when national
  std::vector<StatusChange> status;    // in date order; empty: in force from date_in_force
  bool operator==(const Order&) const = default;
};

struct Outlet {
  EntryCommon common;
  std::string name;
  OutletKind kind = OutletKind::other;
  std::vector<std::string> domains;
  std::vector<std::string> social_accounts;  // "https://t.me/…", "instagram:@…"
  bool operator==(const Outlet&) const = default;
};

struct Person {
  EntryCommon common;
  std::string name;  // as published; a pseudonym when that is how they publish
  bool pseudonym = false;
  std::vector<PersonRole> roles;
  std::vector<std::string> outlets;  // Outlet ids
  std::string private_contacts;      // editors only
  bool operator==(const Person&) const = default;
};

// One charge: a code of the shipped legal reference and an article of it.
struct Charge {
  std::string code;     // "kz-criminal-code", "kz-administrative-code"
  std::string article;  // "174", "174 part 1"
  bool operator==(const Charge&) const = default;
};

struct CaseEvent {
  CaseEventKind kind = CaseEventKind::other;
  std::string date;  // "YYYY-MM-DD"
  std::string description;
  bool operator==(const CaseEvent&) const = default;
};

struct LegalCase {
  EntryCommon common;
  std::string person;  // a Person id
  std::vector<Charge> charges;
  std::vector<CaseEvent> events;  // in date order
  CaseStatus status = CaseStatus::other;
  bool operator==(const LegalCase&) const = default;
};

struct Register {
  std::vector<Authority> authorities;
  std::vector<Order> orders;
  std::vector<Outlet> outlets;
  std::vector<Person> people;
  std::vector<LegalCase> cases;
  bool operator==(const Register&) const = default;

  const Authority* authority(std::string_view id) const;
  const Outlet* outlet(std::string_view id) const;
  const Person* person(std::string_view id) const;
};

// The order's date for "before the order": the day it came into force when known, else the day it
// was issued.
const std::string& effective_date(const Order& order);

// Whether the order was in force on `day` ("YYYY-MM-DD"): its last status change on or before that
// day says in_force; with no change recorded, from its effective date on.
bool in_force_on(const Order& order, std::string_view day);

}  // namespace ashyq::legal
