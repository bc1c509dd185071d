#pragma once
/// Text that a driver makes for a statement's values (a decimal, a date, a number in text for
/// libpq) and must own until the statement has run. Each statement has one arena and clears it
/// when the next run starts; its blocks are kept, so the arena itself allocates nothing after
/// the first runs (a value's own text, such as decimal.to_string(), may still).
///
///   std::string_view t = arena.keep(decimal.to_string());   // stable until arena.clear()

#include <algorithm>  // max
#include <cstddef>
#include <cstring>  // memcpy
#include <memory>
#include <string_view>
#include <vector>

#include "../vector.hpp"

namespace quarry::driver {

class TextArena {
 public:
  /// A copy of text followed by suffix, then a NUL byte (not counted in the size), which stays
  /// where it is until clear().
  std::string_view keep(std::string_view text, std::string_view suffix = {}) {
    std::size_t n = text.size() + suffix.size();
    char* at = room(n + 1);
    if (!text.empty()) std::memcpy(at, text.data(), text.size());
    if (!suffix.empty()) std::memcpy(at + text.size(), suffix.data(), suffix.size());
    at[n] = '\0';
    return {at, n};
  }

  /// Forgets every text kept; their memory serves the next run.
  void clear() noexcept {
    block_ = 0;
    used_ = 0;
  }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
  };

  char* room(std::size_t n) {
    for (; block_ < blocks_.size(); ++block_, used_ = 0) {
      auto& b = blocks_[block_];
      if (b.size - used_ >= n) {
        char* at = b.data.get() + used_;
        used_ += n;
        return at;
      }
    }
    std::size_t size = std::max<std::size_t>(n, blocks_.empty() ? 256 : blocks_.back().size * 2);
    blocks_.push_back({std::make_unique_for_overwrite<char[]>(size), size});
    block_ = blocks_.size() - 1;
    used_ = n;
    return blocks_.back().data.get();
  }

  quarry::detail::Vector<Block> blocks_;
  std::size_t block_ = 0;  // the block being filled
  std::size_t used_ = 0;   // bytes of it in use
};

}  // namespace quarry::driver
