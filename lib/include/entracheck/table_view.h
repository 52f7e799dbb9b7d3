// A read-only view of one of entracheck's static tables (C++17 has no std::span).
#ifndef ENTRACHECK_TABLE_VIEW_H_
#define ENTRACHECK_TABLE_VIEW_H_

#include <cstddef>

namespace entracheck {

template <typename T>
class TableView {
 public:
  constexpr TableView(const T* first, std::size_t count) : first_(first), count_(count) {}
  constexpr const T* begin() const { return first_; }
  constexpr const T* end() const { return first_ + count_; }
  constexpr std::size_t size() const { return count_; }
  constexpr const T& operator[](std::size_t i) const { return first_[i]; }

 private:
  const T* first_;
  std::size_t count_;
};

}  // namespace entracheck

#endif  // ENTRACHECK_TABLE_VIEW_H_
