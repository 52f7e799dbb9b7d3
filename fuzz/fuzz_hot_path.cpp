// fuzz_hot_path: the fast path's hot path (lib/src/fast/hot_path.h) against the RapidJSON path
// on the same body. The input has fuzz_check's layout (fuzz_input.h): the control bytes pick the
// event, the policy (limits, nonce, relaxed rules) and the HTTP envelope, so every event and
// policy is explored. Aborts unless "the hot path accepted" implies that the RapidJSON path,
// the decider, accepts the body with exactly the warnings the hot path words (a claims map near
// the limit, or none); and checks that Checker::check, which runs the
// hot path first, returns the same verdict as the RapidJSON path alone. The hot path's other
// entry, which names the event as it walks (check_inferring_event), must name only the
// event infer_event() names and give exactly that event's Checker verdict.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "engine.h"
#include "entracheck/checker.h"
#include "fast/hot_path.h"
#include "fuzz_input.h"
#include "fuzz_util.h"
#include "observed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > entracheck_fuzz::kMaxInputSize) return 0;
  entracheck_fuzz::CheckInput in;
  entracheck_fuzz::decode_check_input(data, size, in);
  const entracheck::Checker checker(in.event, in.policy);
  if (!checker.ok()) return 0;
  const entracheck::Response response = in.response();

  // The rules before the body, as Checker::check runs them.
  entracheck::Verdict reference;
  entracheck::internal::VerdictBuilder builder(reference, in.event);
  entracheck::internal::JsonText text;
  if (entracheck::internal::check_before_body(in.policy, response, builder, text)) return 0;

  // The hot path reads kHotPathPadding bytes past the text; the bytes there are arbitrary.
  std::string padded(text.json);
  padded.append(entracheck::internal::fast::kHotPathPadding, static_cast<char>(size & 0xFF));
  const entracheck::internal::fast::HotPathResult hot = entracheck::internal::fast::hot_path_check(
      in.event, in.policy, padded.data(), text.json.size());

  // The RapidJSON path alone, on a verdict of its own (so that warnings of the rules before the
  // body do not count) and on the reference verdict.
  entracheck::Verdict body_only;
  entracheck::internal::VerdictBuilder body_builder(body_only, in.event);
  entracheck::internal::fast::full_check_body(in.event, in.policy, text, body_builder);
  entracheck::internal::fast::full_check_body(in.event, in.policy, text, builder);
  // What was observed is written after the engine decides, as Checker::check does.
  if (!reference.accepted()) entracheck::internal::describe_observed(in.policy, response, builder);

  if (hot.accepted) {
    // Accepted, with the warnings the hot path words itself (a claims map near the limit).
    entracheck::Verdict hot_verdict;
    entracheck::internal::VerdictBuilder hot_builder(hot_verdict, in.event);
    entracheck::internal::fast::add_hot_path_warnings(hot, hot_builder);
    if (!entracheck_fuzz::same_verdict(hot_verdict, body_only)) {
      entracheck_fuzz::fail("the hot path accepted a body the RapidJSON path judges otherwise",
                            "hot path: " + entracheck_fuzz::describe(hot_verdict) +
                                "\nRapidJSON path: " + entracheck_fuzz::describe(body_only) + "\n" +
                                in.describe());
    }
  }
  const entracheck::Verdict product = checker.check(response);
  if (!entracheck_fuzz::same_verdict(product, reference)) {
    entracheck_fuzz::fail("Checker::check and the RapidJSON path disagree",
                          "check: " + entracheck_fuzz::describe(product) + "\nRapidJSON path: " +
                              entracheck_fuzz::describe(reference) + "\n" + in.describe());
  }

  const std::optional<entracheck::InferredVerdict> inferred =
      entracheck::check_inferring_event(response, in.policy);
  if (inferred) {
    const std::optional<entracheck::Event> named = entracheck::infer_event(response.body);
    if (named != inferred->event) {
      entracheck_fuzz::fail("check_inferring_event names another event than infer_event",
                            "named " + std::string(entracheck::event_info(inferred->event).name) +
                                "\n" + in.describe());
    }
    const entracheck::Verdict expected =
        entracheck::Checker(inferred->event, in.policy).check(response);
    if (!entracheck_fuzz::same_verdict(inferred->verdict, expected) ||
        !inferred->verdict.has_event() || inferred->verdict.event() != inferred->event) {
      entracheck_fuzz::fail("check_inferring_event and the event's Checker disagree",
                            "inferred: " + entracheck_fuzz::describe(inferred->verdict) +
                                "\nChecker: " + entracheck_fuzz::describe(expected) + "\n" +
                                in.describe());
    }
  }
  return 0;
}
