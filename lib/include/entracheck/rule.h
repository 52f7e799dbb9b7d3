// The rules of the rulebook's rule table, generated from schemas/rules.json in
// precedence order: when several checks fail, the rule listed first decides the verdict.
#ifndef ENTRACHECK_RULE_H_
#define ENTRACHECK_RULE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "entracheck/error_code.h"
#include "entracheck/table_view.h"

namespace entracheck {

enum class Rule : std::uint8_t {
#define ENTRACHECK_RULE(symbol, id, kind, step, code, basis, message, checked_by) k##symbol,
#include "entracheck/generated/rules.inc"
#undef ENTRACHECK_RULE
};

// How solid a rule is.
enum class Basis {
  kDoc,     // stated by Microsoft documentation
  kMsCode,  // what Microsoft's own SDK or sample APIs do
  kField,   // reports from people who hit the error in a real tenant
  kPolicy,  // entracheck's own decision ("inferred"); its limit or switch is configurable
};

enum class RuleKind { kError, kWarning, kAccepted };

struct RuleInfo {
  Rule rule;
  std::string_view id;    // stable identifier, e.g. "claims.key-empty"
  RuleKind kind;
  std::string_view step;  // row of the rulebook table: "T1", "T2", "1".."11"; "W" for warnings
  ErrorCode code;         // kNone for warnings and for "accepted"
  Basis basis;
  std::string_view message;  // one sentence: what is wrong and what to change
  // Where the schema reference checker decides it: "schema:<definition>" in the event's response
  // schema, "code:<name>" for checks JSON Schema cannot express, or the stage before the schemas
  // ("transport", "headers", "body-size", "body-text", "parser").
  std::string_view checked_by;
};

constexpr std::size_t kRuleCount = 0
#define ENTRACHECK_RULE(symbol, id, kind, step, code, basis, message, checked_by) +1
#include "entracheck/generated/rules.inc"
#undef ENTRACHECK_RULE
    ;

// A set of rules, without allocation.
class RuleSet {
 public:
  static_assert(kRuleCount <= 64, "RuleSet holds at most 64 rules");
  void add(Rule rule) { bits_ |= bit(rule); }
  void remove(Rule rule) { bits_ &= ~bit(rule); }
  bool contains(Rule rule) const { return (bits_ & bit(rule)) != 0; }
  bool empty() const { return bits_ == 0; }

 private:
  static std::uint64_t bit(Rule rule) { return std::uint64_t{1} << static_cast<unsigned>(rule); }
  std::uint64_t bits_ = 0;
};

// True for [policy] rules that a Policy may relax (switch off): every policy rule except the
// reader limits json.too-deep and json.number-too-large, which no setting can lift.
bool rule_can_be_relaxed(Rule rule);

// Every rule, in precedence order.
TableView<RuleInfo> rules();

const RuleInfo& rule_info(Rule rule);

// The rule with identifier `id`, if any.
std::optional<Rule> find_rule(std::string_view id);

// "doc", "ms-code", "field" or "policy".
std::string_view basis_name(Basis basis);

}  // namespace entracheck

#endif  // ENTRACHECK_RULE_H_
