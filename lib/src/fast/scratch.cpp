#include "fast/scratch.h"

namespace entracheck::internal::fast {

void Scratch::reserve(std::size_t json_size) {
  if (reader_pool_size < kReaderPoolBytes) {
    reader_pool.reset(new char[kReaderPoolBytes]);
    reader_pool_size = kReaderPoolBytes;
  }
  // Grown to the body (in steps of 4 KiB, at least an eighth more each time), never to a power
  // of two: the copy is what keeps the scratch within twice the body.
  if (padded_capacity < json_size + kPadding) {
    std::size_t size = json_size + kPadding;
    size = std::max(size, padded_capacity + padded_capacity / 8);
    size = (size + 4095) & ~std::size_t{4095};
    padded_text.reset(new char[size]);
    padded_capacity = size;
  }
  if (!table) grow_entries(0);
  if (++generation == 0) {  // wrapped: stale stamps could look current
    std::memset(static_cast<void*>(table.get()), 0, (table_mask + 1) * sizeof(HashSlot));
    generation = 1;
  }
}

void Scratch::grow_entries(std::size_t count) {
  const std::size_t capacity = entry_capacity == 0 ? 64 : 2 * entry_capacity;
  std::unique_ptr<MapEntry[]> more(new MapEntry[capacity]);
  std::unique_ptr<HashSlot[]> slots(new HashSlot[2 * capacity]());
  std::copy(entries.get(), entries.get() + count, more.get());
  entries = std::move(more);
  entry_capacity = capacity;
  table = std::move(slots);
  table_mask = 2 * capacity - 1;
  // The open maps' live members go back into the new table, stamped with this generation.
  for (std::size_t i = 0; i < count; ++i) {
    const MapEntry& e = entries[i];
    if (!e.live) continue;
    for (std::size_t slot = e.hash & table_mask;; slot = (slot + 1) & table_mask) {
      if (table[slot].generation != generation) {
        table[slot] = HashSlot{generation, e.map_serial, e.hash, static_cast<std::uint32_t>(i)};
        break;
      }
    }
  }
}

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace entracheck::internal::fast
