// A fresh directory per test, removed afterwards: tests are hermetic.
#pragma once

#include <filesystem>
#include <string>

namespace vellum::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "vellum-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Writes `content` to `name` inside the directory and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace vellum::test
