#pragma once
// What the fuzz targets share: a reader that turns the fuzzer's bytes into choices, and a
// check that reports the input's story and aborts (libFuzzer then saves the input).

#include <algorithm>  // min
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

/// Consumes the input front to back; past its end every read is zero or empty.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  bool flag() { return byte() & 1; }
  /// A number in [0, n).
  std::size_t pick(std::size_t n) { return n ? byte() % n : 0; }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | byte();
    return v;
  }
  /// Up to max bytes, ended early by a zero byte.
  std::string text(std::size_t max) {
    std::string out;
    while (out.size() < max && !empty()) {
      char c = static_cast<char>(byte());
      if (c == 0) break;
      out += c;
    }
    return out;
  }
  /// Whatever is left.
  std::string rest() {
    std::string out(reinterpret_cast<const char*>(data_ + at_), size_ - std::min(at_, size_));
    at_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, at_ = 0;
};

/// Shown with a failed check: what the target built from the input.
inline std::string story;

[[noreturn]] inline void failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n%s\n", file, line, what, story.c_str());
  std::abort();
}

}  // namespace fuzz

#define FUZZ_CHECK(cond) ((cond) ? void(0) : ::fuzz::failed(#cond, __FILE__, __LINE__))
