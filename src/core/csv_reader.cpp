#include "core/csv_reader.hpp"

namespace ashyq::core {

Result<std::vector<CsvRow>> parse_csv_rows(std::string_view text) {
  std::vector<CsvRow> records;
  CsvRecord record;
  std::size_t record_line = 1;  // where the record being read started
  std::string field;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  // Skip a UTF-8 byte order mark.
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    i = 3;

  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    if (!(record.size() == 1 && record[0].empty()))
      records.push_back({record_line, std::move(record)});
    record.clear();
  };

  while (i < n) {
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: read up to the closing quote.
      const std::size_t start_line = line;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n')
          ++line;
        field.push_back(text[i++]);
      }
      if (!closed) {
        return Error{"line " + std::to_string(start_line), "quoted field is never closed"};
      }
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return Error{"line " + std::to_string(line), "unexpected character after a closing quote"};
      }
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
      end_record();
      i += 2;
      record_line = ++line;
    } else if (c == '\n') {
      end_record();
      ++i;
      record_line = ++line;
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (!field.empty() || !record.empty())
    end_record();
  return records;
}

Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  auto rows = parse_csv_rows(text);
  if (!rows)
    return rows.error();
  std::vector<CsvRecord> records;
  records.reserve(rows->size());
  for (auto& row : *rows)
    records.push_back(std::move(row.fields));
  return records;
}

}  // namespace ashyq::core
