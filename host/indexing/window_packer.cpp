#include "indexing/window_packer.hpp"

namespace vellum::indexing {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Windows are made of pieces between cut points. Cuts sit between blocks; inside a block only when
// the block alone overflows a window (then between lines), inside a line only when the line alone
// overflows (then between words), inside a word only when the word alone overflows (then between
// UTF-8 characters). So structure is cut only where it cannot be avoided, and every piece but a
// single character fits in a window.
class Packer {
 public:
  Packer(std::string_view body, const PackingLimits& limits) : body_(body), limits_(limits) {}

  std::vector<Window> pack(std::span<const Block> blocks) {
    for (const auto& block : blocks) {
      cut(block.begin);
      if (!fits(block.begin, block.end)) cut_lines(block.begin, block.end);
    }
    cuts_.push_back(blocks.back().end);

    std::vector<Window> windows;
    const std::size_t pieces = cuts_.size() - 1;
    for (std::size_t i = 0; i < pieces;) {
      const std::size_t j = furthest_end(i);
      const Window w = trim_window(body_, cuts_[i], cuts_[j]);
      // A window that adds nothing after the previous one (its new pieces were blank) is dropped.
      if (w.begin < w.end && (windows.empty() || w.end > windows.back().end)) windows.push_back(w);
      if (j == pieces) break;
      i = next_start(i, j);
    }
    return windows;
  }

 private:
  std::size_t tokens(std::size_t begin, std::size_t end) const {
    const Window w = trim_window(body_, begin, end);
    return limits_.estimate(body_.substr(w.begin, w.end - w.begin));
  }
  bool fits(std::size_t begin, std::size_t end) const { return tokens(begin, end) <= limits_.max_tokens; }
  bool fits_pieces(std::size_t first, std::size_t last) const { return fits(cuts_[first], cuts_[last]); }

  void cut(std::size_t at) { cuts_.push_back(at); }

  void cut_lines(std::size_t begin, std::size_t end) {
    for (std::size_t line = begin; line < end;) {
      const std::size_t newline = body_.find('\n', line);
      const std::size_t next = newline == std::string_view::npos || newline + 1 > end ? end : newline + 1;
      if (line > begin) cut(line);
      if (!fits(line, next)) cut_words(line, next);
      line = next;
    }
  }

  void cut_words(std::size_t begin, std::size_t end) {
    std::size_t word = begin;
    for (std::size_t p = begin + 1; p <= end; ++p) {
      const bool starts_word = p < end && !is_blank(body_[p]) && body_[p] != '\n' && is_blank(body_[p - 1]);
      if (!starts_word && p < end) continue;
      if (!fits(word, p)) cut_characters(word, p);
      if (p < end) cut(p);
      word = p;
    }
  }

  void cut_characters(std::size_t begin, std::size_t end) {
    for (std::size_t p = begin + 1; p < end; ++p) {
      if ((static_cast<unsigned char>(body_[p]) & 0xC0) != 0x80) cut(p);  // not a continuation byte
    }
  }

  // The last cut the window starting at piece `first` can reach: at least one piece, else as many
  // as fit. Galloping then bisecting keeps this near-linear in the window's length.
  std::size_t furthest_end(std::size_t first) const {
    const std::size_t pieces = cuts_.size() - 1;
    std::size_t good = first + 1;
    std::size_t step = 1;
    while (good + step <= pieces && fits_pieces(first, good + step)) {
      good += step;
      step *= 2;
    }
    std::size_t bad = good + step;  // past the end, or known not to fit
    while (bad - good > 1) {
      const std::size_t mid = good + (bad - good) / 2;
      if (mid <= pieces && fits_pieces(first, mid)) good = mid;
      else bad = mid;
    }
    return good;
  }

  // Where the window after [first, last) starts: as far back as `overlap_tokens` of whole pieces
  // allow, but never at `first` (so windows always advance) and never so far back that piece `last`
  // no longer fits.
  std::size_t next_start(std::size_t first, std::size_t last) const {
    std::size_t lo = first + 1;
    std::size_t hi = last;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (tokens(cuts_[mid], cuts_[last]) <= limits_.overlap_tokens) hi = mid;
      else lo = mid + 1;
    }
    hi = last;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (fits_pieces(mid, last + 1)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  std::string_view body_;
  const PackingLimits& limits_;
  std::vector<std::size_t> cuts_;
};

}  // namespace

Window trim_window(std::string_view body, std::size_t begin, std::size_t end) {
  std::size_t start = begin;
  while (start < end) {
    std::size_t p = start;
    while (p < end && is_blank(body[p])) ++p;
    if (p < end && body[p] != '\n') break;  // the first line with text, indentation kept
    start = p < end ? p + 1 : end;
  }
  std::size_t stop = end;
  while (stop > start && (is_blank(body[stop - 1]) || body[stop - 1] == '\n')) --stop;
  return {start, stop};
}

std::vector<Window> pack_windows(std::string_view body, std::span<const Block> blocks, const PackingLimits& limits) {
  if (blocks.empty()) return {};
  return Packer(body, limits).pack(blocks);
}

}  // namespace vellum::indexing
