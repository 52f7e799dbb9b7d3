#include "entracheck/rule.h"

#include <iterator>

namespace entracheck {
namespace {

constexpr RuleInfo kRules[] = {
#define ENTRACHECK_RULE(symbol, id, kind, step, code, basis, message, checked_by) \
  {Rule::k##symbol, id, RuleKind::k##kind, step, static_cast<ErrorCode>(code), Basis::k##basis, message, checked_by},
#include "entracheck/generated/rules.inc"
#undef ENTRACHECK_RULE
};

}  // namespace

TableView<RuleInfo> rules() { return {kRules, std::size(kRules)}; }

const RuleInfo& rule_info(Rule rule) { return kRules[static_cast<std::size_t>(rule)]; }

std::optional<Rule> find_rule(std::string_view id) {
  for (const RuleInfo& info : kRules) {
    if (info.id == id) return info.rule;
  }
  return std::nullopt;
}

bool rule_can_be_relaxed(Rule rule) {
  return rule_info(rule).basis == Basis::kPolicy && rule_info(rule).kind == RuleKind::kError &&
         rule != Rule::kJsonTooDeep && rule != Rule::kJsonNumberTooLarge;
}

std::string_view basis_name(Basis basis) {
  switch (basis) {
    case Basis::kDoc: return "doc";
    case Basis::kMsCode: return "ms-code";
    case Basis::kField: return "field";
    case Basis::kPolicy: return "policy";
  }
  return "";
}

}  // namespace entracheck
