// Catalogues: the catalogue of every language, read once at start from data/po (ru.po, kk.po);
// English is the identity catalogue. A page or report takes the one its reader asked for.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "i18n/catalogue.hpp"
#include "i18n/language.hpp"

namespace ashyq::i18n {

class Catalogues {
 public:
  // dir/ru.po and dir/kk.po; each translation checked (po_file.hpp). Errors name file:line.
  static core::Result<Catalogues> load(const std::string& dir);
  // load(core::data_path("po")).
  static core::Result<Catalogues> load_default();

  // en → Catalogue::english(). The reference stays valid while this object (or the one it is
  // moved into) lives.
  const Catalogue& get(Language) const;

 private:
  Catalogues() = default;
  std::unique_ptr<const Catalogue> ru_, kk_;
};

}  // namespace ashyq::i18n
