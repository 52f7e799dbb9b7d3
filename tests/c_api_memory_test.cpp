// The C API under memory exhaustion: every allocation in turn fails (a replaced operator new
// throws std::bad_alloc), and each entry point must answer ENTRACHECK_ERROR_NO_MEMORY with
// nothing handed out, never let the exception reach its C caller, and succeed once memory
// suffices.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include <gtest/gtest.h>

#include "entracheck/entracheck_c.h"

// GCC 12 takes the replacement operator delete's free() for a mismatch with operator new.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
// -1: never fail; n >= 0: fail the allocation after n more succeed.
std::atomic<long> g_allocations_left{-1};
}  // namespace

void* operator new(std::size_t size) {
  long left = g_allocations_left.load();
  while (left > 0 && !g_allocations_left.compare_exchange_weak(left, left - 1)) {
  }
  if (left == 0) throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr char kBody[] =
    R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
    R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
    R"("claims":{"points":5},"colour":1}]}})";

// Runs `call` with the allocation after `n` failing, for n = 0, 1, ... until it succeeds.
template <typename Call>
int FailEachAllocation(Call call) {
  for (long n = 0; n < 1000; ++n) {
    g_allocations_left = n;
    const int status = call();
    g_allocations_left = -1;
    if (status == ENTRACHECK_OK) return static_cast<int>(n);
    EXPECT_EQ(status, ENTRACHECK_ERROR_NO_MEMORY) << "allocation " << n;
  }
  ADD_FAILURE() << "never succeeded";
  return -1;
}

TEST(CApiMemory, CheckerCreationReportsNoMemory) {
  entracheck_options options;
  entracheck_options_init(&options);
  options.expected_nonce = "nonce";
  options.relaxed_rules = "claims.value-type";
  const int allocations = FailEachAllocation([&] {
    entracheck_checker* checker = reinterpret_cast<entracheck_checker*>(1);
    char* error = reinterpret_cast<char*>(1);
    const int status = entracheck_checker_new("tokenIssuanceStart", &options, &checker, &error);
    if (status != ENTRACHECK_OK) {
      EXPECT_EQ(checker, nullptr);
      EXPECT_EQ(error, nullptr);
    }
    entracheck_checker_free(checker);
    return status;
  });
  EXPECT_GT(allocations, 0);
}

TEST(CApiMemory, CheckReportsNoMemory) {
  entracheck_checker* checker = nullptr;
  ASSERT_EQ(entracheck_checker_new("tokenIssuanceStart", nullptr, &checker, nullptr),
            ENTRACHECK_OK);
  const int allocations = FailEachAllocation([&] {
    entracheck_verdict* verdict = reinterpret_cast<entracheck_verdict*>(1);
    const int status =
        entracheck_check(checker, 200, "application/json", kBody, std::strlen(kBody),
                         ENTRACHECK_ELAPSED_UNKNOWN, ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
    if (status != ENTRACHECK_OK) {
      EXPECT_EQ(verdict, nullptr);
    } else {
      EXPECT_EQ(entracheck_verdict_code(verdict), 1003003);
      EXPECT_EQ(entracheck_verdict_warning_count(verdict), 1u);
    }
    entracheck_verdict_free(status == ENTRACHECK_OK ? verdict : nullptr);
    return status;
  });
  EXPECT_GT(allocations, 0);
  entracheck_checker_free(checker);
}

TEST(CApiMemory, InferringCheckerReportsNoMemory) {
  entracheck_options options;
  entracheck_options_init(&options);
  options.expected_nonce = "nonce";
  const int created = FailEachAllocation([&] {
    entracheck_checker* checker = nullptr;
    const int status =
        entracheck_checker_new_event(ENTRACHECK_EVENT_INFER, &options, &checker, nullptr);
    if (status != ENTRACHECK_OK) {
      EXPECT_EQ(checker, nullptr);
    }
    entracheck_checker_free(checker);
    return status;
  });
  EXPECT_GT(created, 0);
  entracheck_checker* checker = nullptr;
  ASSERT_EQ(entracheck_checker_new_event(ENTRACHECK_EVENT_INFER, &options, &checker, nullptr),
            ENTRACHECK_OK);
  // A body that names no event: judged for every event, which copies the policy.
  const char* body = "{\"data\":1}";
  const int allocations = FailEachAllocation([&] {
    entracheck_verdict* verdict = nullptr;
    const int status =
        entracheck_check(checker, 200, "application/json", body, std::strlen(body),
                         ENTRACHECK_ELAPSED_UNKNOWN, ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
    if (status != ENTRACHECK_OK) {
      EXPECT_EQ(verdict, nullptr);
    } else {
      EXPECT_EQ(entracheck_verdict_code(verdict), 1003003);
      EXPECT_EQ(entracheck_verdict_event(verdict), nullptr);
    }
    entracheck_verdict_free(verdict);
    return status;
  });
  EXPECT_GT(allocations, 0);
  entracheck_checker_free(checker);
}

}  // namespace
