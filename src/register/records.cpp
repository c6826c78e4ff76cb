#include "register/records.hpp"

#include <algorithm>
#include <array>

namespace ashyq::legal {
namespace {

constexpr std::array<std::string_view, 6> kAuthorityKindNames{
    "court", "prosecutor", "national_security", "ministry", "isp", "other"};
constexpr std::array<std::string_view, 4> kTargetKindNames{"domain", "url", "app", "ip_range"};
constexpr std::array<std::string_view, 2> kOrderStatusNames{"in_force", "lifted"};
constexpr std::array<std::string_view, 5> kOutletKindNames{"news", "blog", "human_rights",
                                                           "social_media", "other"};
constexpr std::array<std::string_view, 6> kPersonRoleNames{
    "journalist", "blogger", "editor", "activist", "human_rights_defender", "other"};
constexpr std::array<std::string_view, 10> kCaseEventKindNames{"investigation_opened",
                                                               "charged",
                                                               "detained",
                                                               "trial",
                                                               "verdict",
                                                               "sentence",
                                                               "released",
                                                               "acquitted",
                                                               "appeal",
                                                               "other"};
constexpr std::array<std::string_view, 7> kCaseStatusNames{
    "investigation", "trial", "convicted", "acquitted", "closed", "appeal", "other"};
constexpr std::array<std::string_view, 2> kPublicationNames{"draft", "published"};

template <class Entry>
const Entry* find_by_id(const std::vector<Entry>& entries, std::string_view id) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const Entry& e) { return e.common.id == id; });
  return it == entries.end() ? nullptr : &*it;
}

}  // namespace

template <class Enum>
std::string Vocabulary<Enum>::list() const {
  std::string out;
  for (auto name : names) {
    if (!out.empty())
      out += ", ";
    out += name;
  }
  return out;
}

template struct Vocabulary<AuthorityKind>;
template struct Vocabulary<TargetKind>;
template struct Vocabulary<OrderStatus>;
template struct Vocabulary<OutletKind>;
template struct Vocabulary<PersonRole>;
template struct Vocabulary<CaseEventKind>;
template struct Vocabulary<CaseStatus>;
template struct Vocabulary<Publication>;

const Vocabulary<AuthorityKind> kAuthorityKinds{kAuthorityKindNames};
const Vocabulary<TargetKind> kTargetKinds{kTargetKindNames};
const Vocabulary<OrderStatus> kOrderStatuses{kOrderStatusNames};
const Vocabulary<OutletKind> kOutletKinds{kOutletKindNames};
const Vocabulary<PersonRole> kPersonRoles{kPersonRoleNames};
const Vocabulary<CaseEventKind> kCaseEventKinds{kCaseEventKindNames};
const Vocabulary<CaseStatus> kCaseStatuses{kCaseStatusNames};
const Vocabulary<Publication> kPublications{kPublicationNames};

const Authority* Register::authority(std::string_view id) const {
  return find_by_id(authorities, id);
}
const Outlet* Register::outlet(std::string_view id) const {
  return find_by_id(outlets, id);
}
const Person* Register::person(std::string_view id) const {
  return find_by_id(people, id);
}

const std::string& effective_date(const Order& order) {
  return order.date_in_force.empty() ? order.date_issued : order.date_in_force;
}

bool in_force_on(const Order& order, std::string_view day) {
  // "YYYY-MM-DD" strings compare as dates.
  bool in_force = day >= std::string_view(effective_date(order));
  for (const StatusChange& change : order.status) {
    if (std::string_view(change.since) > day)
      break;
    in_force = change.status == OrderStatus::in_force;
  }
  return in_force;
}

}  // namespace ashyq::legal
