#include "explorer/register_labels.hpp"

namespace ashyq::explorer {

std::string_view label(const PageRequest& r, legal::AuthorityKind kind) {
  const auto& t = r.t();
  switch (kind) {
    case legal::AuthorityKind::court:
      return t.tr("court");
    case legal::AuthorityKind::prosecutor:
      return t.tr("prosecutor");
    case legal::AuthorityKind::national_security:
      return t.tr("national security service");
    case legal::AuthorityKind::ministry:
      return t.tr("ministry");
    case legal::AuthorityKind::isp:
      return t.tr("internet provider");
    case legal::AuthorityKind::other:
      break;
  }
  return t.tr("other authority");
}

std::string_view label(const PageRequest& r, legal::OutletKind kind) {
  const auto& t = r.t();
  switch (kind) {
    case legal::OutletKind::news:
      return t.tr("news outlet");
    case legal::OutletKind::blog:
      return t.tr("blog");
    case legal::OutletKind::human_rights:
      return t.tr("human-rights organisation");
    case legal::OutletKind::social_media:
      return t.tr("social media account");
    case legal::OutletKind::other:
      break;
  }
  return t.tr("other outlet");
}

std::string_view label(const PageRequest& r, legal::PersonRole role) {
  const auto& t = r.t();
  switch (role) {
    case legal::PersonRole::journalist:
      return t.tr("journalist");
    case legal::PersonRole::blogger:
      return t.tr("blogger");
    case legal::PersonRole::editor:
      return t.tr("editor");
    case legal::PersonRole::activist:
      return t.tr("activist");
    case legal::PersonRole::human_rights_defender:
      return t.tr("human-rights defender");
    case legal::PersonRole::other:
      break;
  }
  return t.tr("other role");
}

std::string_view label(const PageRequest& r, legal::CaseEventKind kind) {
  const auto& t = r.t();
  switch (kind) {
    case legal::CaseEventKind::investigation_opened:
      return t.tr("investigation opened");
    case legal::CaseEventKind::charged:
      return t.tr("charged");
    case legal::CaseEventKind::detained:
      return t.tr("detained");
    case legal::CaseEventKind::trial:
      return t.tr("trial");
    case legal::CaseEventKind::verdict:
      return t.tr("verdict");
    case legal::CaseEventKind::sentence:
      return t.tr("sentence");
    case legal::CaseEventKind::released:
      return t.tr("released");
    case legal::CaseEventKind::acquitted:
      return t.tr("acquitted");
    case legal::CaseEventKind::appeal:
      return t.tr("appeal");
    case legal::CaseEventKind::other:
      break;
  }
  return t.tr("other event");
}

std::string_view label(const PageRequest& r, legal::CaseStatus status) {
  const auto& t = r.t();
  switch (status) {
    case legal::CaseStatus::investigation:
      return t.tr("under investigation");
    case legal::CaseStatus::trial:
      return t.tr("on trial");
    case legal::CaseStatus::convicted:
      return t.tr("convicted");
    case legal::CaseStatus::acquitted:
      return t.tr("acquitted");
    case legal::CaseStatus::closed:
      return t.tr("closed");
    case legal::CaseStatus::appeal:
      return t.tr("on appeal");
    case legal::CaseStatus::other:
      break;
  }
  return t.tr("other status");
}

std::string_view label(const PageRequest& r, legal::TimelineKind kind) {
  const auto& t = r.t();
  switch (kind) {
    case legal::TimelineKind::order_issued:
      return t.tr("order issued");
    case legal::TimelineKind::order_in_force:
      return t.tr("order in force");
    case legal::TimelineKind::order_lifted:
      return t.tr("order lifted");
    case legal::TimelineKind::case_event:
      return t.tr("case");
    case legal::TimelineKind::blocked:
      break;
  }
  return t.tr("measured blocked");
}

}  // namespace ashyq::explorer
