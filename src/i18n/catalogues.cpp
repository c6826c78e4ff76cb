// Reading the shipped catalogues.
#include "i18n/catalogues.hpp"

#include "core/data_dir.hpp"
#include "i18n/po_file.hpp"

namespace ashyq::i18n {

core::Result<Catalogues> Catalogues::load(const std::string& dir) {
  Catalogues out;
  for (Language l : {Language::ru, Language::kk}) {
    auto c = read_po_file(dir + "/" + std::string(code_of(l)) + ".po", l);
    if (!c)
      return c.error();
    (l == Language::ru ? out.ru_ : out.kk_) = std::make_unique<const Catalogue>(std::move(*c));
  }
  return out;
}

core::Result<Catalogues> Catalogues::load_default() {
  return load(core::data_path("po"));
}

const Catalogue& Catalogues::get(Language l) const {
  switch (l) {
    case Language::ru:
      return *ru_;
    case Language::kk:
      return *kk_;
    case Language::en:
      break;
  }
  return Catalogue::english();
}

}  // namespace ashyq::i18n
