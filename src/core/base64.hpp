// Base64 (RFC 4648, with padding) for certificates, raw DNS messages and non-UTF-8 bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ashyq::core {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace ashyq::core
