// Per-thread scratch space of the fast path: the reader's pool, the arena of map members, the
// padded copy of the text, and the hash set that finds duplicate map keys. RapidJSON parses the
// copy in situ, so strings, numbers and map keys stay where they are in it: the pool holds only
// the parse stack's levels (a constant), and the copy is the only part that grows with the body.
// The member arena and the key set grow with the members of the largest map seen so far. All of
// it is grown rarely, so that a check allocates nothing in steady state.
#ifndef ENTRACHECK_SRC_FAST_SCRATCH_H_
#define ENTRACHECK_SRC_FAST_SCRATCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "entracheck/rule.h"

namespace entracheck::internal::fast {

// One member of a map the checker evaluates (claims, inputs, attributes, attributeErrors).
// Kept so that a duplicate key can replace the earlier value: Entra keeps the last one.
struct MapEntry {
  std::uint32_t key_pos;  // in the padded copy (in-situ parsing leaves the decoded key there)
  std::uint32_t key_len;
  std::uint32_t hash;
  std::uint32_t map_serial;   // the map it belongs to (Frame::map_serial)
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
  static constexpr std::size_t kPadding = 64;  // simdjson's SIMDJSON_PADDING

  std::unique_ptr<char[]> reader_pool;
  std::size_t reader_pool_size = 0;
  std::unique_ptr<MapEntry[]> entries;
  std::size_t entry_capacity = 0;
  // A copy of the JSON text with kPadding zero bytes after it: RapidJSON's SSE2 scanner reads up
  // to 15 bytes past the NUL, simdjson SIMDJSON_PADDING (64) past the end.
  std::unique_ptr<char[]> padded_text;
  std::size_t padded_capacity = 0;
  std::unique_ptr<HashSlot[]> table;
  std::size_t table_mask = 0;
  std::uint32_t generation = 0;

  // The reader's pool: the iterative parser's stack holds a few bytes per open container (the
  // handler stops at limits::k_max_json_depth), never a string when parsing in situ.
  static constexpr std::size_t kReaderPoolBytes = 8192;

  // Makes room for a JSON text of `json_size` bytes and starts a new generation of the key set.
  void reserve(std::size_t json_size);
  // Makes room for more map members than entry_capacity; entries[0, count) are kept, and their
  // live ones re-enter the key set.
  void grow_entries(std::size_t count);
  // Bytes held, for the benchmark's memory figure.
  std::size_t bytes() const {
    return reader_pool_size + entry_capacity * sizeof(MapEntry) +
           (table ? (table_mask + 1) * sizeof(HashSlot) : 0) + padded_capacity;
  }
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
