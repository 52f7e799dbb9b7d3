// fuzz_differential: the same input (fuzz_input.h layout) through Engine::kFast and
// Engine::kSchema, the reference checker that validates a DOM against the published JSON
// Schemas. Aborts when they disagree on anything a verdict reports: verdict, code, rule,
// pointer, offset, and the warnings (kind and pointer, in order, and how many were dropped; the
// order decides which warnings a Verdict keeps). Both verdicts are printed in full.
//
// While schemas/<event>.response.schema.json is missing the schema checker cannot be built: the
// input is skipped and a note is printed once per event.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "entracheck/checker.h"
#include "fuzz_input.h"
#include "fuzz_util.h"

namespace {

using entracheck::Checker;
using entracheck::Engine;
using entracheck::Policy;

// Compiling the schemas costs milliseconds (1.3 ms without sanitizers, far more with them), so
// schema checkers are kept per policy. Fuzzed limits and nonces vary, so the cache is bounded
// (a few hundred KiB per checker) and simply emptied when full.
using PolicyKey = std::tuple<int, std::size_t, std::size_t, std::uint32_t, bool, std::string, int>;

PolicyKey key_of(entracheck::Event event, const Policy& p, std::uint8_t relax) {
  return {static_cast<int>(event),
          p.max_response_bytes,
          p.max_claims_bytes,
          p.timeout_ms,
          p.expected_nonce.has_value(),
          p.expected_nonce.value_or(""),
          relax};
}

const Checker* schema_checker(entracheck::Event event, const Policy& policy, std::uint8_t relax) {
  static std::map<PolicyKey, std::unique_ptr<Checker>> cache;
  static bool noted[256] = {};
  const PolicyKey key = key_of(event, policy, relax);
  auto it = cache.find(key);
  if (it == cache.end()) {
    if (cache.size() >= 256) cache.clear();
    it = cache.emplace(key, std::make_unique<Checker>(event, policy, Engine::kSchema)).first;
  }
  if (!it->second->ok()) {
    bool& once = noted[static_cast<std::size_t>(event)];
    if (!once) {
      once = true;
      std::fprintf(stderr, "fuzz_differential: note: skipping %s, no schema checker (%s)\n",
                   std::string(entracheck::event_info(event).name).c_str(),
                   std::string(it->second->error()).c_str());
    }
    return nullptr;
  }
  return it->second.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > entracheck_fuzz::kMaxInputSize) return 0;
  entracheck_fuzz::CheckInput in;
  entracheck_fuzz::decode_check_input(data, size, in);

  const Checker* reference = schema_checker(in.event, in.policy, in.relax);
  if (reference == nullptr) return 0;
  const Checker fast(in.event, in.policy, Engine::kFast);

  const entracheck::Response response = in.response();
  const entracheck::Verdict a = fast.check(response);
  const entracheck::Verdict b = reference->check(response);
  if (!entracheck_fuzz::same_verdict(a, b)) {
    entracheck_fuzz::fail("the fast path and the schema reference checker disagree",
                          in.describe() + "fast:   " + entracheck_fuzz::describe(a) +
                              "\nschema: " + entracheck_fuzz::describe(b) +
                              "\nbody: " + entracheck_fuzz::escape(in.body(), 2048));
  }
  // check_all re-checks with the reported rules switched off, which reaches rule combinations
  // that check() alone never does: both engines must list the same verdicts. One rejected input
  // in four (by its size, so that a run is reproducible) keeps the target fast.
  if (!a.accepted() && size % 4 == 0) {
    const std::vector<entracheck::Verdict> all_a = fast.check_all(response);
    const std::vector<entracheck::Verdict> all_b = reference->check_all(response);
    bool same = all_a.size() == all_b.size();
    for (std::size_t i = 0; same && i < all_a.size(); ++i)
      same = entracheck_fuzz::same_verdict(all_a[i], all_b[i]);
    if (!same) {
      std::string lists = "fast:";
      for (const entracheck::Verdict& v : all_a) lists += "\n  " + entracheck_fuzz::describe(v);
      lists += "\nschema:";
      for (const entracheck::Verdict& v : all_b) lists += "\n  " + entracheck_fuzz::describe(v);
      entracheck_fuzz::fail(
          "check_all of the two engines disagree",
          in.describe() + lists + "\nbody: " + entracheck_fuzz::escape(in.body(), 2048));
    }
  }
  return 0;
}
