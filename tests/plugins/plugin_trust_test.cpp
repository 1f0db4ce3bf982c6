// A plugin someone other than root or this server's user could have changed is refused before
// dlopen, with the path and the reason; the fixture plugin's initialiser writes a marker file, so a
// missing marker proves its code never ran. Copies are made with exactly the modes each case wants,
// whatever the umask the tests run under.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "plugins/plugin_catalog.hpp"
#include "plugins/plugin_library.hpp"
#include "support/temp_dir.hpp"

using vellum::plugins::PluginLibrary;
namespace fs = std::filesystem;

namespace {

const fs::path kMarkerPlugin = VELLUM_TEST_MARKER_PLUGIN;
constexpr uid_t kNobody = 65534;

void set_mode(const fs::path& path, mode_t mode) { REQUIRE(::chmod(path.c_str(), mode) == 0); }

void set_owner(const fs::path& path, uid_t uid) {
  // Another user's file needs root to make; the suites run as root (see the README).
  REQUIRE(::geteuid() == 0);
  REQUIRE(::lchown(path.c_str(), uid, static_cast<gid_t>(-1)) == 0);
}

// `directory`, made 0755, holding a copy of the marker plugin 0644.
fs::path plugin_copy(const fs::path& directory, const std::string& name = "marker.so") {
  fs::create_directories(directory);
  set_mode(directory, 0755);
  const auto file = directory / name;
  fs::copy_file(kMarkerPlugin, file);
  set_mode(file, 0644);
  return file;
}

// Points the fixture's initialiser at a marker file of this test.
struct Marker {
  fs::path file;
  explicit Marker(const fs::path& dir) : file(dir / "initialiser-ran") {
    ::setenv("VELLUM_FIXTURE_MARKER", file.c_str(), 1);
  }
  ~Marker() { ::unsetenv("VELLUM_FIXTURE_MARKER"); }
  [[nodiscard]] bool ran() const { return fs::exists(file); }
};

std::string open_error(const fs::path& file) {
  auto opened = PluginLibrary::open(file);
  REQUIRE_FALSE(opened.ok());
  return opened.error().message;
}

const std::string kSelf = std::to_string(::geteuid());

}  // namespace

TEST_CASE("a plugin file writable by its group or by anyone is refused before its initialiser runs") {
  vellum::test::TempDir temp;
  const auto dir = fs::canonical(temp.path());  // paths in messages are resolved ones
  set_mode(dir, 0755);
  Marker marker(dir);
  const auto file = plugin_copy(dir / "plugins");

  set_mode(file, 0664);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: file " + file.string() +
                                " is group-writable (mode 0664)");
  set_mode(file, 0646);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: file " + file.string() +
                                " is world-writable (mode 0646)");
  CHECK_FALSE(marker.ran());

  // The same file, once only its owner may write it, loads — and the marker shows that loading runs
  // the initialiser, so its absence above means something.
  set_mode(file, 0644);
  REQUIRE(PluginLibrary::open(file).ok());
  CHECK(marker.ran());
}

TEST_CASE("a plugin in a directory others may write is refused, sticky bit or not") {
  vellum::test::TempDir temp;
  const auto dir = fs::canonical(temp.path());  // paths in messages are resolved ones
  set_mode(dir, 0755);
  Marker marker(dir);
  const auto file = plugin_copy(dir / "plugins");
  const auto plugins = dir / "plugins";

  set_mode(plugins, 0777);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: directory " + plugins.string() +
                                " is group- and world-writable (mode 0777)");
  // Anyone may add files to a sticky directory, and hard-link there what they cannot write.
  set_mode(plugins, 01777);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: directory " + plugins.string() +
                                " is group- and world-writable (mode 1777)");
  // A directory further up counts as much as the plugin's own.
  set_mode(plugins, 0755);
  set_mode(dir, 0775);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: directory " + dir.string() +
                                " is group-writable (mode 0775)");
  CHECK_FALSE(marker.ran());

  // Further up, the sticky bit is enough (as for /tmp): no one else can rename or remove what this
  // user owns there.
  set_mode(dir, 01777);
  REQUIRE(PluginLibrary::open(file).ok());
  CHECK(marker.ran());
}

TEST_CASE("a plugin file or directory owned by another user is refused before its initialiser runs") {
  vellum::test::TempDir temp;
  const auto dir = fs::canonical(temp.path());  // paths in messages are resolved ones
  set_mode(dir, 0755);
  Marker marker(dir);
  const auto file = plugin_copy(dir / "plugins");

  set_owner(file, kNobody);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: file " + file.string() +
                                " is owned by uid 65534, not by root or this server's user (uid " + kSelf + ")");
  set_owner(file, ::geteuid());
  set_owner(dir / "plugins", kNobody);
  CHECK(open_error(file) == "plugin " + file.string() + ": untrusted: directory " + (dir / "plugins").string() +
                                " is owned by uid 65534, not by root or this server's user (uid " + kSelf + ")");
  CHECK_FALSE(marker.ran());
}

TEST_CASE("a symlinked plugin is judged by its target, and by the directory holding the link") {
  vellum::test::TempDir temp;
  const auto dir = fs::canonical(temp.path());  // paths in messages are resolved ones
  set_mode(dir, 0755);
  Marker marker(dir);
  const auto target = plugin_copy(dir / "elsewhere", "real.so");
  const auto link_dir = dir / "plugins";
  fs::create_directory(link_dir);
  set_mode(link_dir, 0755);
  const auto link = link_dir / "marker.so";
  fs::create_symlink(target, link);

  set_mode(target, 0666);
  CHECK(open_error(link) == "plugin " + link.string() + ": untrusted: symlink target " + target.string() +
                                " is group- and world-writable (mode 0666)");
  set_mode(target, 0644);
  set_mode(dir / "elsewhere", 0777);
  CHECK(open_error(link) == "plugin " + link.string() + ": untrusted: directory " + (dir / "elsewhere").string() +
                                " is group- and world-writable (mode 0777)");
  set_mode(dir / "elsewhere", 0755);
  set_mode(link_dir, 0777);  // anyone could point the link elsewhere
  CHECK(open_error(link) == "plugin " + link.string() + ": untrusted: directory " + link_dir.string() +
                                " is group- and world-writable (mode 0777)");
  CHECK_FALSE(marker.ran());

  set_mode(link_dir, 0755);
  REQUIRE(PluginLibrary::open(link).ok());
  CHECK(marker.ran());
}

TEST_CASE("a scan lists an untrusted plugin among the refused, with its reason, and never loads it") {
  vellum::test::TempDir temp;
  const auto dir = fs::canonical(temp.path());  // paths in messages are resolved ones
  set_mode(dir, 0755);
  Marker marker(dir);
  const auto file = plugin_copy(dir / "plugins");
  set_mode(file, 0664);
  auto catalog = vellum::plugins::PluginCatalog::scan({dir / "plugins"});
  CHECK(catalog.plugins().empty());
  REQUIRE(catalog.refused().size() == 1);
  CHECK(catalog.refused()[0].file == file);
  CHECK(catalog.refused()[0].reason ==
        "plugin " + file.string() + ": untrusted: file " + file.string() + " is group-writable (mode 0664)");
  CHECK_FALSE(marker.ran());
}
