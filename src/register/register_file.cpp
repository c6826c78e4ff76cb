#include "register/register_file.hpp"

#include <toml++/toml.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "core/json_lines.hpp"
#include "register/register_csv.hpp"
#include "register/register_json.hpp"

namespace ashyq::legal {
namespace json = boost::json;
namespace {

std::string two(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

std::string date_text(const toml::date& d) {
  return std::to_string(d.year) + "-" + two(d.month) + "-" + two(d.day);
}

// A TOML value as the JSON value a register reader expects, with the line of every value kept.
json::value to_json(const toml::node& node, const std::string& path, core::JsonLines& lines) {
  lines.set(path, static_cast<int>(node.source().begin.line));
  if (const auto* table = node.as_table()) {
    json::object out;
    for (auto&& [key, value] : *table) {
      std::string child =
          path.empty() ? std::string(key.str()) : path + "." + std::string(key.str());
      out[key.str()] = to_json(value, child, lines);
    }
    return out;
  }
  if (const auto* array = node.as_array()) {
    json::array out;
    for (std::size_t i = 0; i < array->size(); ++i)
      out.push_back(to_json((*array)[i], path + "[" + std::to_string(i) + "]", lines));
    return out;
  }
  if (const auto* s = node.as_string())
    return json::string(s->get());
  if (const auto* b = node.as_boolean())
    return b->get();
  if (const auto* i = node.as_integer())
    return i->get();
  if (const auto* f = node.as_floating_point())
    return f->get();
  if (const auto* d = node.as_date())
    return json::string(date_text(d->get()));
  if (const auto* dt = node.as_date_time()) {
    const toml::date_time& v = dt->get();
    std::string text = date_text(v.date) + "T" + two(v.time.hour) + ":" + two(v.time.minute) + ":" +
                       two(v.time.second);
    if (v.offset && v.offset->minutes == 0)
      text += "Z";
    return json::string(text);  // another offset or none: the reader refuses the time
  }
  if (const auto* t = node.as_time()) {
    const toml::time& v = t->get();
    return json::string(two(v.hour) + ":" + two(v.minute) + ":" + two(v.second));
  }
  return nullptr;
}

}  // namespace

core::Result<Register> parse_register(std::string_view text, RegisterFormat format,
                                      const std::string& name, References references) {
  json::value value;
  core::JsonLines lines;
  if (format == RegisterFormat::json) {
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 32;
    value = json::parse(text, ec, {}, options);
    if (ec) {
      // Boost.JSON does not say where; find the line by parsing up to the failure.
      json::stream_parser parser({}, options);
      std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
      if (!ec)
        parser.finish(ec);
      auto line =
          1 + std::count(text.begin(), text.begin() + std::min(consumed, text.size()), '\n');
      return core::Error{name + ":" + std::to_string(line), "not valid JSON: " + ec.message()};
    }
    lines = core::JsonLines(text);
  } else if (format == RegisterFormat::csv) {
    auto from_csv = register_json_from_csv(text, name, lines);
    if (!from_csv)
      return from_csv.error();
    value = std::move(*from_csv);
  } else {
    toml::table table;
    try {
      table = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
      return core::Error{name + ":" + std::to_string(e.source().begin.line),
                         "not valid TOML: " + std::string(e.description())};
    }
    value = to_json(table, "", lines);
  }
  auto reg = register_from_json(value, references);
  if (!reg) {
    int line = lines.line_of(reg.error().where);
    std::string where = name + (line > 0 ? ":" + std::to_string(line) : "");
    return core::Error{where, reg.error().message()};
  }
  return reg;
}

core::Result<Register> read_register_file(const std::filesystem::path& path,
                                          References references) {
  const std::string name = path.string();
  RegisterFormat format;
  if (path.extension() == ".json")
    format = RegisterFormat::json;
  else if (path.extension() == ".toml")
    format = RegisterFormat::toml;
  else if (path.extension() == ".csv")
    format = RegisterFormat::csv;
  else
    return core::Error{name, "a register file is .json, .toml or .csv"};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::Error{name, "cannot be read"};
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxRegisterFileBytes)
      return core::Error{
          name, "is larger than " + std::to_string(kMaxRegisterFileBytes / (1024 * 1024)) + " MiB"};
  }
  if (in.bad())
    return core::Error{name, "cannot be read"};
  return parse_register(text, format, name, references);
}

}  // namespace ashyq::legal
