#include "plugins/elf_check.hpp"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <vector>

namespace vellum::plugins {

namespace {
#if defined(__x86_64__)
constexpr Elf64_Half kHostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr Elf64_Half kHostMachine = EM_AARCH64;
#else
#error "add this machine's ELF e_machine value"
#endif
}  // namespace

std::optional<std::string> check_elf_shared_library(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) return "cannot read file size (" + error.message() + ")";
  std::ifstream in(file, std::ios::binary);
  Elf64_Ehdr header{};
  if (size < sizeof header || !in.read(reinterpret_cast<char*>(&header), sizeof header)) {
    return "not an ELF file (too short)";
  }
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) return "not an ELF file";
  if (header.e_ident[EI_CLASS] != ELFCLASS64) return "not a 64-bit ELF file";
  if (header.e_type != ET_DYN) return "an ELF file but not a shared library";
  if (header.e_machine != kHostMachine) return "built for another machine architecture";
  if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum == 0) return "ELF program headers are malformed";

  const std::uint64_t headers_end = header.e_phoff + std::uint64_t{header.e_phnum} * sizeof(Elf64_Phdr);
  if (headers_end > size) return "truncated (program headers past the end of the file)";
  std::vector<Elf64_Phdr> segments(header.e_phnum);
  in.seekg(static_cast<std::streamoff>(header.e_phoff));
  if (!in.read(reinterpret_cast<char*>(segments.data()),
               static_cast<std::streamsize>(segments.size() * sizeof(Elf64_Phdr)))) {
    return "cannot read ELF program headers";
  }
  for (const auto& segment : segments) {
    if (segment.p_type == PT_LOAD && segment.p_offset + segment.p_filesz > size) {
      return "truncated (a loadable segment extends past the end of the file)";
    }
  }
  return std::nullopt;
}

}  // namespace vellum::plugins
