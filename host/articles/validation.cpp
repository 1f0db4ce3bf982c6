#include "articles/validation.hpp"

#include <cstdint>
#include <vector>

namespace vellum::articles {

namespace {

sdk::Error invalid(std::string message) { return sdk::Error(sdk::ErrorKind::invalid_argument, std::move(message)); }

bool folder_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '/';
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

sdk::Status validate_title(std::string_view title) {
  if (trim(title).empty()) return invalid("Article title is required and cannot be empty.");
  if (utf8_length(title) > kMaxTitleLength)
    return invalid("Article title is too long. Please use a shorter title (maximum 500 characters).");
  if (title.find('\0') != std::string_view::npos || !is_valid_utf8(title))
    return invalid("Article title contains invalid characters.");
  return sdk::ok_status();
}

sdk::Status validate_content(std::string_view content) {
  if (trim(content).empty()) return invalid("Article content is required and cannot be empty.");
  if (content.find('\0') != std::string_view::npos || !is_valid_utf8(content))
    return invalid("Article content contains invalid characters.");
  if (content.size() > kMaxContentBytes) return invalid("Article content is too large. Please reduce the content size.");
  return sdk::ok_status();
}

sdk::Status validate_message(std::string_view message) {
  if (utf8_length(message) > kMaxMessageLength)
    return invalid("Version message is too long. Please use a shorter message (maximum 1000 characters).");
  if (message.find('\0') != std::string_view::npos || !is_valid_utf8(message))
    return invalid("Version message contains invalid characters.");
  return sdk::ok_status();
}

sdk::Result<std::string> normalize_folder(std::string_view folder) {
  if (folder.empty() || folder == "/") return std::string();
  if (folder.size() > kMaxFolderLength)
    return invalid("Folder path is too long. Please use a shorter folder name.");
  for (char c : folder) {
    if (!folder_char(c))
      return invalid("Folder path can only contain letters, numbers, underscores, hyphens, and forward slashes.");
  }
  if (folder.find("//") != std::string_view::npos)
    return invalid("Folder path cannot contain consecutive forward slashes.");
  if (folder.front() == '/' || folder.back() == '/')
    return invalid("Folder path cannot start or end with forward slashes.");
  std::vector<std::string_view> parts;
  for (std::string_view rest = folder;;) {
    const auto slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  for (auto part : parts) {
    // '.' is not an allowed character, so "." and ".." cannot appear; empty parts are caught above.
    if (part.size() > kMaxFolderSegment) return invalid("Individual folder names cannot exceed 100 characters.");
  }
  if (parts.size() > kMaxFolderDepth)
    return invalid("Folder path is too deep. Please use fewer nested folders (maximum 10 levels).");
  return std::string(folder);
}

}  // namespace vellum::articles
