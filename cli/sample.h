// The request Microsoft Entra ID sends an extension, per event (entracheck sample, and the body
// entracheck call sends without --request).
#ifndef ENTRACHECK_CLI_SAMPLE_H_
#define ENTRACHECK_CLI_SAMPLE_H_

#include <optional>
#include <string>

#include "app.h"

namespace entracheck::cli {

struct SampleRequest {
  std::string json;            // the request body
  std::string correlation_id;  // data.authenticationContext.correlationId
  std::string nonce;           // passwordSubmit: the nonce the API must echo; else empty
  std::string note;            // why a part is a placeholder (printed on stderr); may be empty
};

// Builds the request; nullopt with `error` (one sentence) when an input (the certificate) is
// unusable. `pretty` indents the JSON for people; `call` sends it compact.
std::optional<SampleRequest> make_sample_request(const SampleOptions& options, bool pretty,
                                                 std::string* error);

int run_sample(const SampleOptions& options);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_SAMPLE_H_
