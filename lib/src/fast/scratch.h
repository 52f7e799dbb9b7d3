// Per-thread scratch space of the fast path: the reader's pool, the arenas of map members and
// their keys, the padded copy of the text, and the hash set that finds duplicate map keys.
// Sized from the body and grown rarely, so that a check allocates nothing in steady state.
#ifndef ENTRACHECK_SRC_FAST_SCRATCH_H_
#define ENTRACHECK_SRC_FAST_SCRATCH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "entracheck/rule.h"

namespace entracheck::internal::fast {

// One member of a map the checker evaluates (claims, inputs, attributes, attributeErrors).
// Kept so that a duplicate key can replace the earlier value: Entra keeps the last one.
struct MapEntry {
  std::uint32_t key_pos;  // in Scratch::keys
  std::uint32_t key_len;
  std::uint32_t hash;
  std::uint32_t value_bytes;  // claims: UTF-8 bytes of the key and string values
  std::uint32_t fault_offset;
  std::int32_t fault_index;  // element index inside an array value, or -1
  Rule fault;
  bool live;
};

// A slot of the open-addressing key set; stale when its generation is not the current one.
struct HashSlot {
  std::uint32_t generation;
  std::uint32_t map_serial;
  std::uint32_t hash;
  std::uint32_t entry;
};

// Everything in it is stack-like or generation-stamped, so nothing needs clearing between calls.
struct Scratch {
  static constexpr std::size_t kPadding = 32;

  std::unique_ptr<char[]> reader_pool;
  std::size_t reader_pool_size = 0;
  std::unique_ptr<MapEntry[]> entries;
  std::size_t entry_capacity = 0;
  std::unique_ptr<char[]> keys;
  std::size_t key_capacity = 0;
  // A NUL-terminated copy of the JSON text with 16 zero bytes of padding, for SSE2 scanning.
  std::unique_ptr<char[]> padded_text;
  std::size_t padded_capacity = 0;
  std::unique_ptr<HashSlot[]> table;
  std::size_t table_mask = 0;
  std::uint32_t generation = 0;

  // Makes room for a JSON text of `json_size` bytes and starts a new generation of the key set.
  void reserve(std::size_t json_size);
};

// The calling thread's scratch space.
Scratch& thread_scratch();

inline std::uint64_t load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Hash of a map key. Two independent lanes of 8 bytes, the tail read as the last 16 (or 8, or 4)
// bytes, overlapping: no byte loop, no libc call. FNV-1a's byte loop paid a multiply latency per
// byte. Collisions only cost a memcmp: entries with equal hashes are compared in full.
inline std::uint32_t hash_key(const char* s, std::size_t n) {
  std::uint64_t a = 0x9E3779B97F4A7C15ull ^ n;
  std::uint64_t b = 0xC2B2AE3D27D4EB4Full;
  std::uint64_t w0 = 0;
  std::uint64_t w1 = 0;
  if (n >= 16) {
    const char* const last = s + n - 16;
    for (const char* p = s; p < last; p += 16) {
      a = (a ^ load64(p)) * 0xBF58476D1CE4E5B9ull;
      b = (b ^ load64(p + 8)) * 0x94D049BB133111EBull;
      a ^= a >> 29;
      b ^= b >> 31;
    }
    w0 = load64(last);
    w1 = load64(last + 8);
  } else if (n >= 8) {
    w0 = load64(s);
    w1 = load64(s + n - 8);
  } else if (n >= 4) {
    std::uint32_t x;
    std::uint32_t y;
    std::memcpy(&x, s, 4);
    std::memcpy(&y, s + n - 4, 4);
    w0 = x;
    w1 = y;
  } else if (n > 0) {
    w0 = static_cast<unsigned char>(s[0]) |
         static_cast<unsigned>(static_cast<unsigned char>(s[n / 2])) << 8 |
         static_cast<unsigned>(static_cast<unsigned char>(s[n - 1])) << 16;
  }
  a = (a ^ w0) * 0xBF58476D1CE4E5B9ull;
  b = (b ^ w1) * 0x94D049BB133111EBull;
  std::uint64_t h = (a ^ (a >> 29)) + (b ^ (b >> 31));
  h *= 0xD6E8FEB86659FD93ull;
  return static_cast<std::uint32_t>(h >> 32);
}

}  // namespace entracheck::internal::fast

#endif  // ENTRACHECK_SRC_FAST_SCRATCH_H_
