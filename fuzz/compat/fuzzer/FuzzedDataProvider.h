// A tiny subset of LLVM's <fuzzer/FuzzedDataProvider.h>, byte for byte the same semantics, for
// compilers that do not ship the real header (g++ without clang installed). fuzz/CMakeLists.txt
// uses it only when the real header is found nowhere; CTest fuzz_seeds_roundtrip proves the
// seeds still decode as they were encoded. Integers come from the end of the data, most
// significant byte first; byte strings from the front.
#ifndef ENTRACHECK_FUZZ_COMPAT_FUZZED_DATA_PROVIDER_H_
#define ENTRACHECK_FUZZ_COMPAT_FUZZED_DATA_PROVIDER_H_

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

class FuzzedDataProvider {
 public:
  FuzzedDataProvider(const std::uint8_t* data, std::size_t size) : data_ptr_(data), remaining_bytes_(size) {}

  template <typename T>
  T ConsumeIntegral() {
    return ConsumeIntegralInRange(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  }

  template <typename T>
  T ConsumeIntegralInRange(T min, T max) {
    static_assert(std::is_integral<T>::value && sizeof(T) <= sizeof(std::uint64_t), "integral type");
    if (min > max) std::abort();
    const std::uint64_t range = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    std::uint64_t result = 0;
    std::size_t offset = 0;
    while (offset < sizeof(T) * CHAR_BIT && (range >> offset) > 0 && remaining_bytes_ != 0) {
      --remaining_bytes_;
      result = (result << CHAR_BIT) | data_ptr_[remaining_bytes_];
      offset += CHAR_BIT;
    }
    if (range != std::numeric_limits<std::uint64_t>::max()) result = result % (range + 1);
    return static_cast<T>(static_cast<std::uint64_t>(min) + result);
  }

  std::string ConsumeBytesAsString(std::size_t num_bytes) {
    num_bytes = num_bytes < remaining_bytes_ ? num_bytes : remaining_bytes_;
    std::string result(reinterpret_cast<const char*>(data_ptr_), num_bytes);
    Advance(num_bytes);
    return result;
  }

  std::string ConsumeRemainingBytesAsString() { return ConsumeBytesAsString(remaining_bytes_); }

  std::size_t ConsumeData(void* destination, std::size_t num_bytes) {
    num_bytes = num_bytes < remaining_bytes_ ? num_bytes : remaining_bytes_;
    if (num_bytes != 0) std::memcpy(destination, data_ptr_, num_bytes);
    Advance(num_bytes);
    return num_bytes;
  }

  std::size_t remaining_bytes() const { return remaining_bytes_; }

 private:
  void Advance(std::size_t num_bytes) {
    data_ptr_ += num_bytes;
    remaining_bytes_ -= num_bytes;
  }

  const std::uint8_t* data_ptr_;
  std::size_t remaining_bytes_;
};

#endif  // ENTRACHECK_FUZZ_COMPAT_FUZZED_DATA_PROVIDER_H_
