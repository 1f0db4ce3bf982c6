#include "common/clock.hpp"

#include <chrono>

namespace vellum {

using namespace std::chrono;

sdk::Timestamp now_ms() { return time_point_cast<milliseconds>(system_clock::now()); }

}  // namespace vellum
