// The byte layout shared by fuzz_check and fuzz_differential: how an arbitrary byte string
// becomes (event, policy, transport, status, Content-Type, body), and back.
//
// FuzzedDataProvider takes integers from the END of the data and strings from the FRONT, so an
// input reads as
//
//   [custom Content-Type][expected nonce] body [control bytes, consumed last byte first]
//
// and a golden case becomes a seed by appending a few control bytes to its body: mutations of
// the body keep the control bytes, and the body is never cut into pieces. Control bytes, in the
// order they are consumed (from the last byte backwards):
//
//   1. event         uint8, modulo the number of events (events() order)
//   2. status        uint8: < kStatuses size picks kStatuses[i]; 0xFE reads a uint16 status;
//                    anything else is 200
//   3. content type  uint8: 0 no header; 1 a custom value, uint16 length, text from the front;
//                    2.. kContentTypes[i - 2]; anything else "application/json"
//   4. flags         uint8: bit 0 Content-Type repeated, bit 1 Content-Length mismatch,
//                    bits 2-3 transport (1 timed out, 2 connection failed, else completed),
//                    bit 4 elapsed_ms (uint16 follows), bit 5 timeout_ms (200..2000 follows),
//                    bit 6 expected nonce (uint8 length follows; text from the front),
//                    bit 7 limits (max_response_bytes 1..2^17, then max_claims_bytes 1..2^16)
//   5. relax         uint8: bit i relaxes the i-th rule of rules() that rule_can_be_relaxed()
//                    allows (Policy::relaxed_rules)
//
// fuzz/make_seeds.cpp encodes golden cases with encode_check_input() below; CTest
// fuzz_seeds_roundtrip proves encode and decode agree, so the layout cannot drift silently.
#ifndef ENTRACHECK_FUZZ_FUZZ_INPUT_H_
#define ENTRACHECK_FUZZ_FUZZ_INPUT_H_

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/limits.h"
#include "entracheck/rule.h"

namespace entracheck_fuzz {

// Inputs larger than this are ignored (re2's fuzzer does the same): twice the default response
// size limit is enough to reach rule 3 and keeps executions fast.
inline constexpr std::size_t kMaxInputSize = 128 * 1024;

inline constexpr int kStatuses[] = {200, 201, 204, 206, 299, 100, 101, 199, 300, 301,
                                    302, 304, 400, 401, 403, 404, 408, 409, 429, 500,
                                    502, 503, 504, 0,   -1,  600, 999, 2000};
inline constexpr std::uint8_t kStatusCustom = 0xFE;
inline constexpr std::uint8_t kStatus200 = 0xFF;

inline constexpr std::string_view kContentTypes[] = {
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    "Application/JSON",
    "application/json; charset=\"utf-8\"",
    "application/json; charset=iso-8859-1",
    "application/json; charset=utf-16",
    "application/json; odata.metadata=minimal",
    "text/json",
    "application/problem+json",
    "text/plain",
    "text/html; charset=utf-8",
    "application/jsonp",
    "",
    " ",
    "application/json;",
    "application/json; charset=utf-8; charset=latin1",
    "application / json",
    "*/*",
    "application/*",
};
inline constexpr std::uint8_t kContentTypeAbsent = 0;
inline constexpr std::uint8_t kContentTypeCustom = 1;
inline constexpr std::uint8_t kContentTypeTableBase = 2;

enum Flag : std::uint8_t {
  kFlagRepeated = 1u << 0,
  kFlagLengthMismatch = 1u << 1,
  kFlagTransportShift = 2,  // two bits
  kFlagElapsed = 1u << 4,
  kFlagTimeout = 1u << 5,
  kFlagNonce = 1u << 6,
  kFlagLimits = 1u << 7,
};

inline constexpr std::uint32_t kMaxResponseBytesMax = 1u << 17;
inline constexpr std::uint32_t kMaxClaimsBytesMax = 1u << 16;

// The rule that bit `i` of the relax byte relaxes, if any.
inline std::optional<entracheck::Rule> relaxable_rule(std::size_t i) {
  for (const entracheck::RuleInfo& info : entracheck::rules()) {
    if (!entracheck::rule_can_be_relaxed(info.rule)) continue;
    if (i-- == 0) return info.rule;
  }
  return std::nullopt;
}

// One decoded input. It owns its bytes; the body gets an allocation of exactly its size, so
// AddressSanitizer sees any read past its end (a std::string would hide one byte behind its NUL).
struct CheckInput {
  entracheck::Policy policy;
  entracheck::Transport transport = entracheck::Transport::kCompleted;
  std::optional<std::uint32_t> elapsed_ms;
  int status = 200;
  std::optional<std::string> content_type;
  bool content_type_repeated = false;
  bool content_length_mismatch = false;
  entracheck::Event event = entracheck::Event::kTokenIssuanceStart;
  std::uint8_t relax = 0;  // the relax byte, as decoded into policy.relaxed_rules
  std::unique_ptr<char[]> body_bytes;
  std::size_t body_size = 0;

  std::string_view body() const { return std::string_view(body_bytes.get(), body_size); }

  entracheck::Response response() const {
    entracheck::Response r;
    r.transport = transport;
    r.elapsed_ms = elapsed_ms;
    r.status = status;
    if (content_type) r.content_type = std::string_view(*content_type);
    r.content_type_repeated = content_type_repeated;
    r.body = body();
    r.content_length_mismatch = content_length_mismatch;
    return r;
  }

  // One line per field, for reports before an abort.
  std::string describe() const {
    std::ostringstream out;
    out << "event=" << entracheck::event_info(event).name
        << " max_response_bytes=" << policy.max_response_bytes
        << " max_claims_bytes=" << policy.max_claims_bytes << " timeout_ms=" << policy.timeout_ms
        << " expected_nonce="
        << (policy.expected_nonce ? "\"" + *policy.expected_nonce + "\"" : "-")
        << "\ntransport=" << static_cast<int>(transport)
        << " elapsed_ms=" << (elapsed_ms ? std::to_string(*elapsed_ms) : "-")
        << " status=" << status
        << " content_type=" << (content_type ? "\"" + *content_type + "\"" : "(absent)")
        << " repeated=" << content_type_repeated << " length_mismatch=" << content_length_mismatch
        << " body_size=" << body_size << "\nrelaxed:";
    for (std::size_t i = 0; i < 8; ++i) {
      if (relax & (1u << i)) {
        if (const std::optional<entracheck::Rule> rule = relaxable_rule(i))
          out << " " << entracheck::rule_info(*rule).id;
      }
    }
    out << "\n";
    return out.str();
  }
};

inline void decode_check_input(const std::uint8_t* data, std::size_t size, CheckInput& in) {
  FuzzedDataProvider fdp(data, size);
  const auto event_count = static_cast<std::uint8_t>(entracheck::events().size());
  in.event = entracheck::events()[fdp.ConsumeIntegral<std::uint8_t>() % event_count].event;

  const std::uint8_t status = fdp.ConsumeIntegral<std::uint8_t>();
  if (status < std::size(kStatuses)) {
    in.status = kStatuses[status];
  } else if (status == kStatusCustom) {
    in.status = fdp.ConsumeIntegral<std::uint16_t>();
  } else {
    in.status = 200;
  }

  const std::uint8_t content_type = fdp.ConsumeIntegral<std::uint8_t>();
  if (content_type == kContentTypeAbsent) {
    in.content_type.reset();
  } else if (content_type == kContentTypeCustom) {
    in.content_type = fdp.ConsumeBytesAsString(fdp.ConsumeIntegral<std::uint16_t>());
  } else if (content_type - kContentTypeTableBase < static_cast<int>(std::size(kContentTypes))) {
    in.content_type = std::string(kContentTypes[content_type - kContentTypeTableBase]);
  } else {
    in.content_type = std::string(kContentTypes[0]);
  }

  const std::uint8_t flags = fdp.ConsumeIntegral<std::uint8_t>();
  in.content_type_repeated = flags & kFlagRepeated;
  in.content_length_mismatch = flags & kFlagLengthMismatch;
  switch ((flags >> kFlagTransportShift) & 3u) {
    case 1:
      in.transport = entracheck::Transport::kTimedOut;
      break;
    case 2:
      in.transport = entracheck::Transport::kConnectionFailed;
      break;
    default:
      in.transport = entracheck::Transport::kCompleted;
      break;
  }
  if (flags & kFlagElapsed) in.elapsed_ms = fdp.ConsumeIntegral<std::uint16_t>();
  if (flags & kFlagTimeout) {
    in.policy.timeout_ms = fdp.ConsumeIntegralInRange<std::uint32_t>(
        entracheck::limits::k_timeout_ms_min, entracheck::limits::k_timeout_ms_max);
  }
  if (flags & kFlagNonce) {
    in.policy.expected_nonce = fdp.ConsumeBytesAsString(fdp.ConsumeIntegral<std::uint8_t>());
  }
  if (flags & kFlagLimits) {
    in.policy.max_response_bytes =
        fdp.ConsumeIntegralInRange<std::uint32_t>(1, kMaxResponseBytesMax);
    in.policy.max_claims_bytes = fdp.ConsumeIntegralInRange<std::uint32_t>(1, kMaxClaimsBytesMax);
  }

  in.relax = fdp.ConsumeIntegral<std::uint8_t>();
  for (std::size_t i = 0; i < 8; ++i) {
    if (in.relax & (1u << i)) {
      if (const std::optional<entracheck::Rule> rule = relaxable_rule(i))
        in.policy.relaxed_rules.add(*rule);
    }
  }

  const std::size_t n = fdp.remaining_bytes();
  in.body_bytes.reset(new char[n]);
  fdp.ConsumeData(in.body_bytes.get(), n);
  in.body_size = n;
}

// What a seed says, before encoding.
struct CheckSeed {
  std::size_t event_index = 0;  // in events()
  entracheck::Transport transport = entracheck::Transport::kCompleted;
  std::optional<std::uint32_t> elapsed_ms;
  int status = 200;
  std::optional<std::string> content_type;
  bool content_type_repeated = false;
  bool content_length_mismatch = false;
  std::optional<std::uint32_t> timeout_ms;
  std::optional<std::string> expected_nonce;
  std::optional<std::uint32_t> max_response_bytes;  // both or neither are encoded
  std::optional<std::uint32_t> max_claims_bytes;
  std::uint8_t relax = 0;
  std::string body;
};

namespace detail {

// Appends, in consumption order, the bytes ConsumeIntegralInRange<T>(min, max) reads to return
// `value`: the first byte it consumes is the most significant.
template <typename T>
void put_in_range(std::string& tail, T min, T max, T value) {
  const std::uint64_t range = static_cast<std::uint64_t>(max) - min;
  const std::uint64_t v = static_cast<std::uint64_t>(value) - min;
  std::size_t bytes = 0;
  while (bytes * 8 < sizeof(T) * 8 && (range >> (bytes * 8)) > 0) ++bytes;
  for (std::size_t i = bytes; i > 0; --i)
    tail.push_back(static_cast<char>((v >> ((i - 1) * 8)) & 0xFF));
}

template <typename T>
void put(std::string& tail, T value) {
  put_in_range<T>(tail, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), value);
}

}  // namespace detail

// The input that decode_check_input() turns back into `seed`. Returns false when the seed
// cannot be expressed (a field out of the layout's range).
inline bool encode_check_input(const CheckSeed& seed, std::string& out) {
  using detail::put;
  using detail::put_in_range;
  std::string front;
  std::string tail;  // in consumption order; reversed at the end
  if (seed.event_index >= entracheck::events().size()) return false;
  put<std::uint8_t>(tail, static_cast<std::uint8_t>(seed.event_index));

  bool status_done = false;
  for (std::size_t i = 0; i < std::size(kStatuses); ++i) {
    if (kStatuses[i] == seed.status) {
      put<std::uint8_t>(tail, seed.status == 200 ? kStatus200 : static_cast<std::uint8_t>(i));
      status_done = true;
      break;
    }
  }
  if (!status_done) {
    if (seed.status < 0 || seed.status > 0xFFFF) return false;
    put<std::uint8_t>(tail, kStatusCustom);
    put<std::uint16_t>(tail, static_cast<std::uint16_t>(seed.status));
  }

  if (!seed.content_type) {
    put<std::uint8_t>(tail, kContentTypeAbsent);
  } else {
    const auto* found =
        std::find(std::begin(kContentTypes), std::end(kContentTypes), *seed.content_type);
    if (found != std::end(kContentTypes)) {
      put<std::uint8_t>(tail, static_cast<std::uint8_t>(kContentTypeTableBase +
                                                        (found - std::begin(kContentTypes))));
    } else {
      if (seed.content_type->size() > 0xFFFF) return false;
      put<std::uint8_t>(tail, kContentTypeCustom);
      put<std::uint16_t>(tail, static_cast<std::uint16_t>(seed.content_type->size()));
      front += *seed.content_type;
    }
  }

  std::uint8_t flags = 0;
  if (seed.content_type_repeated) flags |= kFlagRepeated;
  if (seed.content_length_mismatch) flags |= kFlagLengthMismatch;
  if (seed.transport == entracheck::Transport::kTimedOut) flags |= 1u << kFlagTransportShift;
  if (seed.transport == entracheck::Transport::kConnectionFailed)
    flags |= 2u << kFlagTransportShift;
  if (seed.elapsed_ms) flags |= kFlagElapsed;
  if (seed.timeout_ms) flags |= kFlagTimeout;
  if (seed.expected_nonce) flags |= kFlagNonce;
  if (seed.max_response_bytes || seed.max_claims_bytes) flags |= kFlagLimits;
  put<std::uint8_t>(tail, flags);

  if (seed.elapsed_ms) {
    if (*seed.elapsed_ms > 0xFFFF) return false;
    put<std::uint16_t>(tail, static_cast<std::uint16_t>(*seed.elapsed_ms));
  }
  if (seed.timeout_ms) {
    if (*seed.timeout_ms < entracheck::limits::k_timeout_ms_min ||
        *seed.timeout_ms > entracheck::limits::k_timeout_ms_max) {
      return false;
    }
    put_in_range<std::uint32_t>(tail, entracheck::limits::k_timeout_ms_min,
                                entracheck::limits::k_timeout_ms_max, *seed.timeout_ms);
  }
  if (seed.expected_nonce) {
    if (seed.expected_nonce->size() > 0xFF) return false;
    put<std::uint8_t>(tail, static_cast<std::uint8_t>(seed.expected_nonce->size()));
    front += *seed.expected_nonce;
  }
  if (flags & kFlagLimits) {
    const std::uint32_t response =
        seed.max_response_bytes.value_or(entracheck::limits::k_max_response_bytes);
    const std::uint32_t claims =
        seed.max_claims_bytes.value_or(entracheck::limits::k_max_claims_bytes);
    if (response < 1 || response > kMaxResponseBytesMax || claims < 1 ||
        claims > kMaxClaimsBytesMax) {
      return false;
    }
    put_in_range<std::uint32_t>(tail, 1, kMaxResponseBytesMax, response);
    put_in_range<std::uint32_t>(tail, 1, kMaxClaimsBytesMax, claims);
  }

  put<std::uint8_t>(tail, seed.relax);

  out = front;
  out += seed.body;
  out.append(tail.rbegin(), tail.rend());
  return out.size() <= kMaxInputSize;
}

}  // namespace entracheck_fuzz

#endif  // ENTRACHECK_FUZZ_FUZZ_INPUT_H_
