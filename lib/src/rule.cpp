#include "entracheck/rule.h"

#include <iterator>

namespace entracheck {
namespace {

constexpr RuleInfo kRules[] = {
#include "generated/rules.inc"
};
static_assert(std::size(kRules) == kRuleCount, "rule.h and generated/rules.inc disagree");

constexpr WarningInfo kWarnings[] = {
#include "generated/warnings.inc"
};
static_assert(std::size(kWarnings) == kWarningKindCount,
              "rule.h and generated/warnings.inc disagree");

}  // namespace

TableView<RuleInfo> rules() { return {kRules, std::size(kRules)}; }

const RuleInfo& rule_info(Rule rule) { return kRules[static_cast<std::size_t>(rule)]; }

std::optional<Rule> find_rule(std::string_view id) {
  for (const RuleInfo& info : kRules) {
    if (info.id == id) return info.rule;
  }
  return std::nullopt;
}

TableView<WarningInfo> warning_kinds() { return {kWarnings, std::size(kWarnings)}; }

const WarningInfo& warning_info(WarningKind kind) {
  return kWarnings[static_cast<std::size_t>(kind)];
}

std::optional<WarningKind> find_warning(std::string_view id) {
  for (const WarningInfo& info : kWarnings) {
    if (info.id == id) return info.kind;
  }
  return std::nullopt;
}

bool rule_can_be_relaxed(Rule rule) {
  return rule_info(rule).basis == Basis::kPolicy && rule_info(rule).kind == RuleKind::kError &&
         rule != Rule::kJsonTooDeep && rule != Rule::kJsonNumberTooLarge;
}

std::string_view basis_name(Basis basis) {
  switch (basis) {
    case Basis::kDoc:
      return "doc";
    case Basis::kMsCode:
      return "ms-code";
    case Basis::kField:
      return "field";
    case Basis::kPolicy:
      return "policy";
  }
  return "";
}

}  // namespace entracheck
