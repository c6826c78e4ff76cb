// The i18n module: the .po reader (escapes, continued strings, plurals, fuzzy and obsolete
// entries, errors with their line, translations that would break a page), the choice of a
// language, numbers in each language's way, Russian plurals, and the shipped catalogues.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "i18n/catalogue.hpp"
#include "i18n/catalogues.hpp"
#include "i18n/language.hpp"
#include "i18n/po_file.hpp"
#include "test_source_dir.hpp"

namespace ashyq::i18n {
namespace {

const std::string kRuHeader =
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
    "\n";

Catalogue ru(const std::string& body) {
  auto c = catalogue_from_po(kRuHeader + body, "ru.po", Language::ru);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message());
  return c.ok() ? std::move(*c) : Catalogue(Language::ru, {});
}

TEST(PoFile, ParsesEscapesContinuationsPluralsFuzzyAndObsolete) {
  const Catalogue c =
      ru("# a translator's comment\n"
         "#: src/report/html_report.cpp\n"
         "msgid \"Summary\"\n"
         "msgstr \"Сводка\"\n"
         "\n"
         "msgid \"\"\n"
         "\"Two \"\n"
         "\"lines\"\n"
         "msgstr \"Две \"\n"
         "\"строки\"\n"
         "\n"
         "msgid \"tab\\there \\\"q\\\" back\\\\slash\\nnew\"\n"
         "msgstr \"таб\\tздесь \\\"к\\\" обратная\\\\черта\\nновая\"\n"
         "\n"
         "msgid \"{0} day\"\n"
         "msgid_plural \"{0} days\"\n"
         "msgstr[0] \"{0} день\"\n"
         "msgstr[1] \"{0} дня\"\n"
         "msgstr[2] \"{0} дней\"\n"
         "\n"
         "#, fuzzy\n"
         "msgid \"Charts\"\n"
         "msgstr \"Графики\"\n"
         "\n"
         "msgid \"Country\"\n"
         "msgstr \"\"\n"
         "\n"
         "#~ msgid \"Old\"\n"
         "#~ msgstr \"Старое\"\n");
  EXPECT_EQ(c.tr("Summary"), "Сводка");
  EXPECT_EQ(c.tr("Two lines"), "Две строки");
  EXPECT_EQ(c.tr("tab\there \"q\" back\\slash\nnew"), "таб\tздесь \"к\" обратная\\черта\nновая");
  EXPECT_EQ(c.tr("Charts"), "Charts") << "fuzzy is untranslated";
  EXPECT_EQ(c.tr("Country"), "Country") << "empty msgstr is untranslated";
  EXPECT_EQ(c.tr("Old"), "Old") << "obsolete entries are skipped";
  EXPECT_EQ(c.tr("never seen"), "never seen");
  EXPECT_EQ(c.size(), 4u);
}

TEST(PoFile, RussianPlurals) {
  const Catalogue c =
      ru("msgid \"{0} day\"\n"
         "msgid_plural \"{0} days\"\n"
         "msgstr[0] \"{0} день\"\n"
         "msgstr[1] \"{0} дня\"\n"
         "msgstr[2] \"{0} дней\"\n");
  const std::vector<std::pair<std::int64_t, std::string>> cases = {
      {1, "1 день"},     {2, "2 дня"},
      {4, "4 дня"},      {5, "5 дней"},
      {11, "11 дней"},   {12, "12 дней"},
      {14, "14 дней"},   {21, "21 день"},
      {22, "22 дня"},    {25, "25 дней"},
      {0, "0 дней"},     {101, "101 день"},
      {111, "111 дней"}, {1001, "1\u00A0001 день"}};
  for (const auto& [n, want] : cases)
    EXPECT_EQ(c.trn("{0} day", "{0} days", n), want) << n;
  EXPECT_EQ(Catalogue::english().trn("{0} day", "{0} days", 1), "1 day");
  EXPECT_EQ(Catalogue::english().trn("{0} day", "{0} days", 1234), "1,234 days");
  EXPECT_EQ(c.trn("{0} week", "{0} weeks", 5), "5 weeks") << "untranslated: English rule";
}

TEST(PluralIndex, KazakhAndEnglishHaveTwoForms) {
  EXPECT_EQ(plural_count(Language::kk), 2);
  EXPECT_EQ(plural_count(Language::en), 2);
  EXPECT_EQ(plural_count(Language::ru), 3);
  EXPECT_EQ(plural_index(Language::kk, 1), 0);
  EXPECT_EQ(plural_index(Language::kk, 21), 1);
  EXPECT_EQ(plural_index(Language::en, 0), 1);
}

struct BadPo {
  std::string name;
  std::string body;  // after kRuHeader, which has 5 lines
  std::string where;
  std::string why;
};

TEST(PoFile, ErrorsNameFileAndLine) {
  const std::vector<BadPo> cases = {
      {"bad escape", "msgid \"a\"\nmsgstr \"b\\q\"\n", "ru.po:7", "unsupported escape"},
      {"unterminated", "msgid \"a\nmsgstr \"b\"\n", "ru.po:6", "double quotes"},
      {"msgstr alone", "msgstr \"b\"\n", "ru.po:6", "without a msgid"},
      {"msgid alone", "msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", "ru.po:6", "without a msgstr"},
      {"unknown keyword", "msgid \"a\"\nmsgtext \"b\"\n", "ru.po:7", "unknown keyword"},
      {"msgctxt", "msgctxt \"menu\"\nmsgid \"a\"\nmsgstr \"b\"\n", "ru.po:6", "msgctxt"},
      {"stray string", "\"loose\"\n", "ru.po:6", "continues no"},
      {"too few forms",
       "msgid \"{0} day\"\nmsgid_plural \"{0} days\"\nmsgstr[0] \"{0} день\"\nmsgstr[1] \"{0} "
       "дня\"\n",
       "ru.po:6", "needs 3"},
      {"forms out of order",
       "msgid \"{0} day\"\nmsgid_plural \"{0} days\"\nmsgstr[1] \"{0} дня\"\n", "ru.po:8",
       "out of order"},
      {"repeated msgid", "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", "ru.po:9",
       "repeats the entry of line 6"},
      {"placeholder lost", "msgid \"Run {0}\"\nmsgstr \"Запуск\"\n", "ru.po:6",
       "msgid \"Run {0}\": placeholders differ"},
      {"placeholder renumbered", "msgid \"{0} of {1}\"\nmsgstr \"{1} из {2}\"\n", "ru.po:6",
       "placeholders differ"},
      {"tag dropped", "msgid \"<strong>no</strong>\"\nmsgstr \"<strong>нет\"\n", "ru.po:6",
       "HTML tags differ"},
      {"tag added", "msgid \"no\"\nmsgstr \"<script>нет</script>\"\n", "ru.po:6",
       "msgid \"no\": HTML tags differ"},
      {"plural form breaks a placeholder",
       "msgid \"{0} day\"\nmsgid_plural \"{0} days\"\nmsgstr[0] \"{0} день\"\nmsgstr[1] \"{0} "
       "дня\"\nmsgstr[2] \"дней\"\n",
       "ru.po:6", "placeholders differ"},
  };
  for (const auto& c : cases) {
    auto r = catalogue_from_po(kRuHeader + c.body, "ru.po", Language::ru);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().where, c.where) << c.name << ": " << r.error().message();
    EXPECT_NE(r.error().why.find(c.why), std::string::npos) << c.name << ": " << r.error().why;
  }
}

TEST(PoFile, PluralFormsMustMatchTheLanguage) {
  const std::string header =
      "msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n";
  auto r = parse_po(header, "ru.po", Language::ru);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "ru.po:1");
  EXPECT_NE(r.error().why.find("nplurals=2"), std::string::npos);
  EXPECT_TRUE(parse_po(header, "kk.po", Language::kk).ok());
}

TEST(PoFile, TagsMayMoveAndAttributesMayStay) {
  EXPECT_TRUE(
      check_translation("<strong>{0}</strong> of {1}", "{1} ішінен <strong>{0}</strong>").ok());
  EXPECT_TRUE(check_translation("a<br><span class=\"muted\">b</span>",
                                "а<br><span class=\"muted\">б</span>")
                  .ok());
}

TEST(PoFile, RefusesAMissingFileAndOneTooLarge) {
  auto missing =
      read_po_file(std::string(ASHYQ_TEST_SOURCE_DIR) + "/no/such/dir/ru.po", Language::ru);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().where.find("no/such/dir/ru.po"), std::string::npos);

  const std::string path = testing::TempDir() + "/ashyq-i18n-big.po";
  {
    std::ofstream out(path, std::ios::binary);
    out << kRuHeader << "# " << std::string(kMaxPoFileBytes, 'x') << "\n";
  }
  auto big = read_po_file(path, Language::ru);
  std::remove(path.c_str());
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().where, path);
  EXPECT_NE(big.error().why.find("larger than"), std::string::npos);
}

TEST(Language, Codes) {
  ASSERT_EQ(all_languages().size(), 3u);
  EXPECT_EQ(all_languages()[0], Language::en);
  EXPECT_EQ(code_of(Language::ru), "ru");
  EXPECT_EQ(code_of(Language::kk), "kk");
  EXPECT_EQ(native_name(Language::en), "English");
  EXPECT_EQ(native_name(Language::ru), "Русский");
  EXPECT_EQ(native_name(Language::kk), "Қазақша");
  const std::vector<std::pair<std::string, std::optional<Language>>> cases = {
      {"en", Language::en},    {"RU", Language::ru},         {"ru-RU", Language::ru},
      {"kk_KZ", Language::kk}, {"Kk-Cyrl-KZ", Language::kk}, {"de", std::nullopt},
      {"", std::nullopt},      {"r", std::nullopt},          {"rus", std::nullopt},
      {"ru-", std::nullopt},   {"*", std::nullopt},          {"kz", std::nullopt}};
  for (const auto& [code, want] : cases)
    EXPECT_EQ(language_from_code(code), want) << code;
}

TEST(Language, Negotiation) {
  struct Case {
    std::string lang, accept;
    Language want;
  };
  const std::vector<Case> cases = {
      {"", "", Language::en},
      {"ru", "", Language::ru},
      {"kk", "ru-RU,ru;q=0.9", Language::kk},  // ?lang= wins
      {"de", "ru", Language::ru},              // ?lang= names no language: the header decides
      {"garbage!!", "", Language::en},
      {"", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", Language::ru},
      {"", "en;q=0.5, kk;q=0.8, ru;q=0.7", Language::kk},
      {"", "de-DE, kk;q=0.3", Language::kk},
      {"", "ru;q=0, en;q=0.1", Language::en},  // q=0 excluded
      {"", "ru;q=0", Language::en},
      {"", "kk;q=0.5, ru;q=0.5", Language::kk},  // ties by order
      {"", "ru, kk", Language::ru},
      {"", "kk-KZ;q=1.0, ru;q=0.9", Language::kk},
      {"", "*", Language::en},
      {"", ";;;,,,q=,ru;q=abc,kk;q=2", Language::en},  // garbage and invalid q-values ignored
      {"", "de, fr;q=0.9", Language::en},
      {"", "  ru-RU ; q=0.4 , kk ; q=0.3", Language::ru},
  };
  for (const auto& c : cases)
    EXPECT_EQ(negotiate_language(c.lang, c.accept), c.want) << c.lang << " | " << c.accept;
}

TEST(Catalogue, NumbersPerLanguage) {
  const Catalogue& en = Catalogue::english();
  const Catalogue ru(Language::ru, {}), kk(Language::kk, {});
  EXPECT_EQ(en.number(0), "0");
  EXPECT_EQ(en.number(999), "999");
  EXPECT_EQ(en.number(1234567), "1,234,567");
  EXPECT_EQ(en.number(-1234), "-1,234");
  EXPECT_EQ(ru.number(1234567), "1\u00A0234\u00A0567");
  EXPECT_EQ(kk.number(1000), "1\u00A0000");
  EXPECT_EQ(kk.number(100), "100");
  EXPECT_EQ(en.decimal(12.5, 1), "12.5");
  EXPECT_EQ(ru.decimal(12.5, 1), "12,5");
  EXPECT_EQ(kk.decimal(0.756, 2), "0,76");
  EXPECT_EQ(en.decimal(3, 0), "3");
  EXPECT_EQ(en.percent(0.125), "12.5%");
  EXPECT_EQ(ru.percent(0.125), "12,5\u00A0%");
  EXPECT_EQ(kk.percent(1.0, 0), "100\u00A0%");
  EXPECT_EQ(en.percent(0.5, 0), "50%");
}

TEST(Catalogue, EnglishIsIdentityAndTrfFillsPlaceholders) {
  const Catalogue& en = Catalogue::english();
  EXPECT_EQ(en.language(), Language::en);
  EXPECT_EQ(en.tr("Summary"), "Summary");
  EXPECT_EQ(en.trf("Run {0}: {1} of {2}", {"7", "3", "9"}), "Run 7: 3 of 9");
  EXPECT_EQ(en.trf("{1} before {0}, {0} again, {5} kept, {x}", {"a", "b"}),
            "b before a, a again, {5} kept, {x}");
  EXPECT_EQ(N_("marked"), "marked");
}

TEST(Catalogues, TheShippedCataloguesLoadAndTranslate) {
  auto all = Catalogues::load(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/po");
  ASSERT_TRUE(all.ok()) << all.error().message();
  EXPECT_EQ(&all->get(Language::en), &Catalogue::english());
  EXPECT_EQ(all->get(Language::ru).language(), Language::ru);
  EXPECT_EQ(all->get(Language::ru).tr("Blocked sites"), "Заблокированные сайты");
  EXPECT_EQ(all->get(Language::kk).tr("Blocked sites"), "Бұғатталған сайттар");
  EXPECT_EQ(all->get(Language::ru).tr("Summary"), "Сводка");
  EXPECT_EQ(all->get(Language::ru).trn("{0} measurement", "{0} measurements", 22), "22 измерения");
  EXPECT_EQ(all->get(Language::kk).trn("{0} measurement", "{0} measurements", 5), "5 өлшеу");
  // Moving the set keeps references valid: the catalogues are held by pointer.
  const Catalogue* ru = &all->get(Language::ru);
  Catalogues moved = std::move(*all);
  EXPECT_EQ(&moved.get(Language::ru), ru);
}

TEST(Catalogues, AMissingDirectoryIsAnErrorNamingTheFile) {
  auto all = Catalogues::load("/nonexistent-ashyq-po");
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.error().message().find("/nonexistent-ashyq-po/ru.po"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::i18n
