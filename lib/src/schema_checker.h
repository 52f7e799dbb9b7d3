// The schema reference checker (see schema_checker.cpp). No third-party type appears here.
#ifndef ENTRACHECK_SRC_SCHEMA_CHECKER_H_
#define ENTRACHECK_SRC_SCHEMA_CHECKER_H_

#include <memory>
#include <string>
#include <vector>

#include "engine.h"
#include "entracheck/checker.h"

namespace entracheck::internal {

class SchemaChecker {
 public:
  // Compiles the embedded response schema of `event`, one valijson schema per rule layer.
  // Returns nullptr and sets `error` when the schema is missing or does not compile.
  static std::unique_ptr<SchemaChecker> compile(Event event, std::string& error);
  ~SchemaChecker();

  // Rules 5 to 11 on `text`, in the rule table's order; thread-safe.
  void check_body(const Policy& policy, const JsonText& text, VerdictBuilder& verdict) const;

 private:
  struct Step;
  SchemaChecker();
  Event event_{};
  std::vector<std::unique_ptr<Step>> steps_;
};

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_SCHEMA_CHECKER_H_
