// The commands of entracheck; each returns the exit status.
#ifndef ENTRACHECK_CLI_COMMANDS_H_
#define ENTRACHECK_CLI_COMMANDS_H_

#include "app.h"

namespace entracheck::cli {

int run_check(const CheckOptions& options);
int run_call(const CallOptions& options);
int run_token_inspect(const TokenInspectOptions& options);
int run_token_acquire(const TokenAcquireOptions& options);
int run_explain(const ExplainOptions& options);
int run_lint_config(const LintConfigOptions& options);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_COMMANDS_H_
