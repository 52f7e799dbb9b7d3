// fuzz_check: arbitrary bytes -> (event, policy, transport, status, Content-Type, body) through
// the fast path (fuzz_input.h gives the byte layout), with the verdict's invariants checked:
//
// - the rule is an error or "accepted" row of rules(), and its code is the one the table gives
//   (a documented Entra code for errors, none for "accepted");
// - a relaxed rule (Policy::relaxed_rules) never decides;
// - accepted implies a completed, timely transport, status 200, exactly one Content-Type that
//   parses as application/json, and a body within the size limit (a 2xx status, a repeated
//   Content-Type or a larger body only where the rule that refuses them is relaxed);
// - T1, T2 and rule 1 fire exactly when the rulebook says;
// - the same input checked twice gives the same verdict (rule, offset, pointer, warnings);
// - the offset, when present, is within the body;
// - every JSON Pointer (the verdict's and the warnings') resolves in the body when the body is
//   valid JSON (any occurrence of a duplicated member name may resolve it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "entracheck/checker.h"
#include "entracheck/error_code.h"
#include "entracheck/media_type.h"
#include "entracheck/rule.h"
#include "fuzz_input.h"
#include "fuzz_util.h"
#include "json_backend.h"

namespace {

using entracheck::Rule;
using entracheck::RuleKind;
using entracheck::Verdict;
using entracheck_fuzz::fail;

// RFC 6901 evaluation over a DOM. An object may hold the same name twice (the DOM keeps both):
// the pointer resolves when any of them leads to the target. `budget` bounds the search.
bool resolves(const rapidjson::Value& value, std::string_view pointer, long& budget) {
  if (--budget < 0) return true;  // give up quietly on pathological duplicate fans
  if (pointer.empty()) return true;
  if (pointer.front() != '/') return false;
  pointer.remove_prefix(1);
  const std::size_t slash = pointer.find('/');
  const std::string_view raw = pointer.substr(0, slash);
  const std::string_view rest =
      slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
  std::string token;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '~') {
      token.push_back(raw[i]);
      continue;
    }
    if (i + 1 == raw.size() || (raw[i + 1] != '0' && raw[i + 1] != '1')) return false;
    token.push_back(raw[++i] == '0' ? '~' : '/');
  }
  if (value.IsObject()) {
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      if (std::string_view(it->name.GetString(), it->name.GetStringLength()) == token &&
          resolves(it->value, rest, budget)) {
        return true;
      }
    }
    return false;
  }
  if (value.IsArray()) {
    if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return false;
    std::size_t index = 0;
    for (const char c : token) {
      if (c < '0' || c > '9') return false;
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    return index < value.Size() &&
           resolves(value[static_cast<rapidjson::SizeType>(index)], rest, budget);
  }
  return false;
}

void check_pointers(const entracheck_fuzz::CheckInput& in, const Verdict& verdict) {
  bool any = verdict.has_pointer();
  for (std::size_t i = 0; i < verdict.warning_count(); ++i)
    any = any || verdict.warning(i).has_pointer();
  if (!any) return;

  std::string_view json = in.body();
  if (json.substr(0, 3) == "\xEF\xBB\xBF") json.remove_prefix(3);
  rapidjson::Document document;
  entracheck::internal::JsonStream stream(json.data(), json.size());
  document.ParseStream<entracheck::internal::kRapidJsonDomParseFlags>(stream);
  if (document.HasParseError() || stream.Tell() != json.size()) return;  // not valid JSON

  auto require = [&](std::string_view pointer, const char* whose) {
    long budget = 100000;
    if (!resolves(document, pointer, budget)) {
      fail("a JSON Pointer does not resolve in the body",
           std::string(whose) + " pointer \"" + entracheck_fuzz::escape(pointer) + "\"\n" +
               in.describe() + "verdict: " + entracheck_fuzz::describe(verdict) +
               "\nbody: " + entracheck_fuzz::escape(in.body()));
    }
  };
  if (verdict.has_pointer()) require(verdict.pointer(), "the verdict's");
  for (std::size_t i = 0; i < verdict.warning_count(); ++i) {
    if (verdict.warning(i).has_pointer()) require(verdict.warning(i).pointer(), "a warning's");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > entracheck_fuzz::kMaxInputSize) return 0;
  entracheck_fuzz::CheckInput in;
  entracheck_fuzz::decode_check_input(data, size, in);

  const entracheck::Checker checker(in.event, in.policy, entracheck::Engine::kFast);
  if (!checker.ok())
    fail("a policy within the documented ranges is refused",
         std::string(checker.error()) + "\n" + in.describe());

  const entracheck::Response response = in.response();
  const Verdict verdict = checker.check(response);
  auto report = [&](const char* what) {
    fail(what, in.describe() + "verdict: " + entracheck_fuzz::describe(verdict) +
                   "\nbody: " + entracheck_fuzz::escape(in.body()));
  };

  // The rule is a row of the table that can decide a verdict, with the table's code.
  const auto index = static_cast<std::size_t>(verdict.rule());
  if (index >= entracheck::rules().size()) report("the verdict's rule is outside the rule table");
  const entracheck::RuleInfo& info = entracheck::rules()[index];
  if (info.rule != verdict.rule()) report("the rule table is out of order");
  // No warning can decide the verdict: warnings are WarningKind, a type of their own, not Rules.
  if (verdict.code() != info.code) report("the verdict's code is not its rule's code");
  if (info.kind == RuleKind::kAccepted) {
    if (verdict.code() != entracheck::ErrorCode::kNone) report("accepted with an error code");
  } else if (entracheck::find_error_code(verdict.code_number()) == nullptr) {
    report("the verdict's code is not a documented Entra code");
  }
  for (std::size_t i = 0; i < verdict.warning_count(); ++i) {
    const auto kind = static_cast<std::size_t>(verdict.warning(i).kind());
    if (kind >= entracheck::warning_kinds().size())
      report("a warning is outside the warning table");
  }

  // A relaxed rule never fires.
  const entracheck::RuleSet& relaxed = in.policy.relaxed_rules;
  if (relaxed.contains(verdict.rule())) report("a relaxed rule decided the verdict");

  // What "accepted" needs, from the transport to the body size (less what a relaxed rule lets by).
  const bool in_time = !in.elapsed_ms || *in.elapsed_ms <= in.policy.timeout_ms;
  const bool status_passes = in.status == 200 || (in.status >= 200 && in.status <= 299 &&
                                                  relaxed.contains(Rule::kStatusSuccessNot200));
  if (verdict.accepted()) {
    if (in.transport != entracheck::Transport::kCompleted || !in_time)
      report("accepted without a timely response");
    if (!status_passes) report("accepted with a status other than 200");
    if (!in.content_type ||
        (in.content_type_repeated && !relaxed.contains(Rule::kContentTypeRepeated))) {
      report("accepted without exactly one Content-Type");
    }
    const entracheck::MediaType media_type = entracheck::parse_media_type(*in.content_type);
    if (!media_type.well_formed || !entracheck::is_application_json(media_type)) {
      report("accepted with a Content-Type that is not application/json");
    }
    if ((in.body_size > in.policy.max_response_bytes && !relaxed.contains(Rule::kBodyTooLarge)) ||
        in.body_size == 0) {
      report("accepted with an empty or oversized body");
    }
  }

  // T1, T2 and rule 1 come first and fire exactly when the rulebook says.
  if (in.transport == entracheck::Transport::kTimedOut || !in_time) {
    if (verdict.rule() != Rule::kTransportTimedOut)
      report("a late or timed-out response is not T1");
  } else if (in.transport == entracheck::Transport::kConnectionFailed) {
    if (verdict.rule() != Rule::kTransportConnectionFailed)
      report("a connection failure is not T2");
  } else if (!status_passes != (info.step == "1")) {
    report("rule 1 disagrees with the status");
  }
  if (verdict.rule() == Rule::kBodyTooLarge && in.body_size <= in.policy.max_response_bytes) {
    report("rule 3 fired on a body within the limit");
  }

  // Deterministic: the thread's scratch space carries nothing from one call to the next.
  const Verdict again = checker.check(response);
  if (!entracheck_fuzz::same_verdict(verdict, again)) {
    fail("the same input gave two verdicts", in.describe() +
                                                 "first:  " + entracheck_fuzz::describe(verdict) +
                                                 "\nsecond: " + entracheck_fuzz::describe(again));
  }

  if (verdict.has_offset() && verdict.offset() > in.body_size)
    report("the offset is past the end of the body");
  check_pointers(in, verdict);
  return 0;
}
