// entracheck: the command-line tool. Checks raw HTTP responses (as `curl -si` prints them) the
// way Microsoft Entra ID checks the answer of a custom authentication extension, prints the
// requests Entra sends, calls a running API as Entra does, and inspects bearer tokens.
//
// Exit status: 0 accepted, 1 rejected, 2 usage or input error.
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "app.h"
#include "commands.h"
#include "common.h"
#include "report.h"
#include "sample.h"
#include "text.h"

#ifndef ENTRACHECK_VERSION
#define ENTRACHECK_VERSION "0.1.0"
#endif

namespace entracheck::cli {
namespace {

// The full name of the deepest command that was parsed ("check", "token inspect"); empty for
// the top level.
std::string parsed_command(const CLI::App& app, const CLI::App** deepest) {
  std::string name;
  const CLI::App* current = &app;
  for (;;) {
    const std::vector<const CLI::App*> subs = current->get_subcommands(
        [](const CLI::App* sub) { return sub->parsed() && !sub->get_name().empty(); });
    if (subs.empty()) break;
    current = subs.front();
    name += (name.empty() ? "" : " ") + current->get_name();
  }
  if (deepest != nullptr) *deepest = current;
  return name;
}

int usage_error(const std::string& sentence, const std::string& command) {
  print_error(sentence);
  const std::string hint =
      command.empty() ? "Try 'entracheck --help'.\n" : "Try 'entracheck " + command + " --help'.\n";
  std::fputs(hint.c_str(), stderr);
  return kExitError;
}

// CLI11's message turned into one sentence that names the option.
std::string sentence_for(const CLI::ParseError& error, const std::string& command) {
  const std::string what = error.what();
  const std::string kind = error.get_name();
  const std::size_t colon = what.find(": ");
  const std::string subject = colon == std::string::npos ? "" : what.substr(0, colon);
  const std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  if (kind == "ArgumentMismatch" && !subject.empty()) {
    return "option " + subject + " needs a value";
  }
  if (kind == "ValidationError" && !subject.empty()) {
    const bool verb = detail.rfind("expects ", 0) == 0 || detail.rfind("takes ", 0) == 0;
    return subject + (verb ? " " : ": ") + detail;
  }
  const std::string required = " is required";
  if (kind == "RequiredError" && what.size() > required.size() &&
      what.compare(what.size() - required.size(), required.size(), required) == 0) {
    return (command.empty() ? std::string("entracheck") : command) + " needs " +
           what.substr(0, what.size() - required.size());
  }
  return printable(what);
}

std::string command_list(const CLI::App& app) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name().empty()) continue;  // an option group, not a command
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return names;
}

// The first argument nobody claimed, as one sentence; empty when there is none.
std::string unclaimed(const CLI::App& app, std::string* command) {
  std::vector<const CLI::App*> chain = {&app};
  const CLI::App* deepest = nullptr;
  *command = parsed_command(app, &deepest);
  for (const CLI::App* current = &app;;) {
    const std::vector<const CLI::App*> subs = current->get_subcommands(
        [](const CLI::App* sub) { return sub->parsed() && !sub->get_name().empty(); });
    if (subs.empty()) break;
    current = subs.front();
    chain.push_back(current);
  }
  for (const CLI::App* level : chain) {
    for (const std::string& arg : level->remaining()) {
      if (arg == "--") continue;  // CLI11 leaves the end-of-options marker among the extras
      const bool option = arg.size() > 1 && arg[0] == '-';
      const std::string where = level == &app ? "" : " for " + *command;
      if (option) return "unknown option '" + printable(arg) + "'" + where;
      if (level == &app || !level->get_subcommands({}).empty()) {
        return "unknown command '" + printable(arg) + "'" +
               (level == &app ? "" : " after '" + *command + "'") + "; the commands are " +
               command_list(*level);
      }
      return *command + " takes no argument '" + printable(arg) + "'";
    }
  }
  return "";
}

int run(int argc, char** argv) {
  CLI::App app("", "entracheck");
  Options options;
  define_commands(&app, &options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help: help on stdout, exit 0
    const std::string command = parsed_command(app, nullptr);
    return usage_error(sentence_for(error, command), command);
  }
  std::string command;
  if (const std::string extra = unclaimed(app, &command); !extra.empty()) {
    return usage_error(extra, command);
  }
  if (options.version) {
    if (!command.empty()) return usage_error("--version takes no command", "");
    write_stdout("entracheck " ENTRACHECK_VERSION "\n");
    return kExitAccepted;
  }
  if (command.empty()) {
    return usage_error("missing command; the commands are " + command_list(app), "");
  }
  if (command == "help") {
    if (options.help_topic.empty()) {
      // App::help() would describe the selected `help` subcommand itself.
      write_stdout(app.get_formatter()->make_help(&app, "entracheck", CLI::AppFormatMode::Normal));
      return kExitAccepted;
    }
    const CLI::App* topic = &app;
    std::string prefix = "entracheck";
    for (const std::string& word : options.help_topic) {
      const CLI::App* found = nullptr;
      for (const CLI::App* sub : topic->get_subcommands({})) {
        if (!sub->get_name().empty() && sub->get_name() == word && sub->get_name() != "help") {
          found = sub;
        }
      }
      if (found == nullptr) {
        return usage_error("help takes a command name (" + command_list(*topic) + "), got '" +
                               printable(word) + "'",
                           "help");
      }
      if (topic != &app) prefix += " " + topic->get_name();
      topic = found;
    }
    write_stdout(topic->help(prefix));
    return kExitAccepted;
  }
  if (command == "check") return run_check(options.check);
  if (command == "sample") return run_sample(options.sample);
  if (command == "call") return run_call(options.call);
  if (command == "token inspect") return run_token_inspect(options.token_inspect);
  if (command == "token acquire") return run_token_acquire(options.token_acquire);
  if (command == "token") {
    return usage_error("token needs a command: inspect or acquire", "token");
  }
  if (command == "explain") return run_explain(options.explain);
  if (command == "lint-config") return run_lint_config(options.lint_config);
  if (command == "codes") {
    write_stdout(format_codes_table());
    return kExitAccepted;
  }
  if (command == "rules") {
    write_stdout(format_rules_table());
    return kExitAccepted;
  }
  return usage_error("command '" + command + "' is not implemented", "");
}

}  // namespace
}  // namespace entracheck::cli

int main(int argc, char** argv) {
  int status = 2;
  try {
    status = entracheck::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("entracheck: out of memory\n", stderr);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "entracheck: internal error: %s\n", e.what());
    return 2;
  } catch (...) {
    std::fputs("entracheck: internal error\n", stderr);
    return 2;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fputs("entracheck: cannot write to standard output\n", stderr);
    return 2;
  }
  return status;
}
