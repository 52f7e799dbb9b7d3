#include "fast/scratch.h"

namespace entracheck::internal::fast {

void Scratch::reserve(std::size_t json_size) {
  std::size_t size = 4096;
  while (size < json_size) size *= 2;
  // RapidJSON's parse stack holds the longest string (decoded) and one counter per level; it
  // grows by half each time, in place inside the pool.
  const std::size_t pool = 2 * size + 4096;
  if (reader_pool_size < pool) {
    reader_pool.reset(new char[pool]);
    reader_pool_size = pool;
  }
  // A map member takes at least 4 bytes ("":0), so no body holds more map keys than this.
  const std::size_t max_keys = size / 4 + 2;
  if (entry_capacity < max_keys) {
    entries.reset(new MapEntry[max_keys]);
    entry_capacity = max_keys;
    std::size_t slots = 1;
    while (slots < 2 * max_keys) slots *= 2;
    table.reset(new HashSlot[slots]());
    table_mask = slots - 1;
    generation = 0;
  }
  if (key_capacity < size) {
    keys.reset(new char[size]);
    key_capacity = size;
  }
  if (padded_capacity < size + kPadding) {
    padded_text.reset(new char[size + kPadding]);
    padded_capacity = size + kPadding;
  }
  if (++generation == 0) {  // wrapped: stale stamps could look current
    std::memset(static_cast<void*>(table.get()), 0, (table_mask + 1) * sizeof(HashSlot));
    generation = 1;
  }
}

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace entracheck::internal::fast
