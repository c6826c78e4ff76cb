#include "core/json_lines.hpp"

#include <vector>

namespace ashyq::core {
namespace {

struct Container {
  bool object = false;
  std::size_t index = 0;   // arrays: the next element's index
  std::string path;        // the container's own path
  std::string key;         // objects: the key whose value comes next
  bool expect_key = true;  // objects: a string here is a key
};

std::string child_path(const Container& c) {
  if (c.object)
    return c.path.empty() ? c.key : c.path + "." + c.key;
  return c.path + "[" + std::to_string(c.index) + "]";
}

}  // namespace

JsonLines::JsonLines(std::string_view text) {
  std::vector<Container> stack;
  int line = 1;
  // Records the start of a value at the current position (the container's next child).
  auto value_begins = [&] {
    if (stack.empty())
      return;
    Container& c = stack.back();
    if (!c.object)
      lines_.emplace(child_path(c), line);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    switch (ch) {
      case '\n':
        ++line;
        break;
      case '{':
      case '[': {
        value_begins();
        std::string path = stack.empty() ? std::string() : child_path(stack.back());
        stack.push_back({ch == '{', 0, std::move(path), {}, true});
        break;
      }
      case '}':
      case ']':
        if (!stack.empty())
          stack.pop_back();
        break;
      case ',':
        if (!stack.empty()) {
          Container& c = stack.back();
          if (c.object)
            c.expect_key = true;
          else
            ++c.index;
        }
        break;
      case ':':
        break;
      case '"': {
        std::string s;
        std::size_t j = i + 1;
        for (; j < text.size() && text[j] != '"'; ++j) {
          if (text[j] == '\\' && j + 1 < text.size()) {
            ++j;
            char e = text[j];
            s += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            continue;
          }
          s += text[j];
        }
        if (!stack.empty() && stack.back().object && stack.back().expect_key) {
          Container& c = stack.back();
          c.key = std::move(s);
          c.expect_key = false;
          lines_.emplace(child_path(c), line);
        } else {
          value_begins();
        }
        i = j;
        break;
      }
      default:
        if (ch == ' ' || ch == '\t' || ch == '\r')
          break;
        // A number, true, false or null: record where it begins, then skip the rest of it.
        value_begins();
        while (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != '}' &&
               text[i + 1] != ']' && text[i + 1] != '\n' && text[i + 1] != ' ')
          ++i;
        break;
    }
  }
}

int JsonLines::line_of(std::string_view path) const {
  while (true) {
    if (auto it = lines_.find(path); it != lines_.end())
      return it->second;
    if (path.empty())
      return 0;
    // Drop the last component: ".name" or "[i]".
    std::size_t cut = path.find_last_of(".[");
    if (cut == std::string_view::npos)
      return 0;
    path = path.substr(0, cut);
  }
}

}  // namespace ashyq::core
