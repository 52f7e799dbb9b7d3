#include "entracheck/format.h"

#include <ostream>
#include <string>

#include "rapidjson_backend.h"
#include "utf8.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace entracheck {
namespace {

using internal::printable;

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter& writer, std::string_view text) {
  const std::string valid = internal::well_formed(text);
  writer.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void write_key(JsonWriter& writer, std::string_view key) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

void write_nullable(JsonWriter& writer, bool present, std::string_view text) {
  if (present) {
    write_string(writer, text);
  } else {
    writer.Null();
  }
}

void append_line(std::string* out, std::string_view key, std::string_view value) {
  out->append("  ");
  out->append(key);
  out->append(": ");
  out->append(value);
  out->push_back('\n');
}

}  // namespace

std::string_view basis_explained(Basis basis) {
  switch (basis) {
    case Basis::kDoc:
      return "doc (stated by Microsoft documentation)";
    case Basis::kMsCode:
      return "ms-code (what Microsoft's own SDK and sample APIs do)";
    case Basis::kField:
      return "field (reported by people who hit it in a real tenant)";
    case Basis::kPolicy:
      return "policy (inferred by entracheck, not stated by Microsoft; the limit or switch is "
             "configurable)";
  }
  return "";
}

std::string format_text(const Verdict& verdict, const ReportContext& context) {
  std::string out;
  if (!context.file.empty()) out = printable(context.file) + ": ";
  if (verdict.accepted()) {
    out += "accepted\n";
  } else {
    out += "rejected " + std::to_string(verdict.code_number()) + " " + std::string(verdict.name()) +
           "\n";
  }
  std::string event;
  if (!verdict.has_event()) {
    event = "not needed (every event reaches this verdict)";
  } else {
    event = event_info(verdict.event()).name;
    if (context.event_inferred) event += " (inferred from data.@odata.type)";
  }
  append_line(&out, "event", event);
  if (!verdict.accepted()) {
    append_line(
        &out, "rule",
        std::string(verdict.rule_id()) + " (step " + std::string(verdict.info().step) + ")");
    append_line(&out, "basis", basis_explained(verdict.basis()));
    if (verdict.has_pointer()) append_line(&out, "pointer", printable(verdict.pointer()));
    if (verdict.has_offset()) append_line(&out, "offset", std::to_string(verdict.offset()));
    if (verdict.has_observed()) append_line(&out, "observed", printable(verdict.observed()));
    append_line(&out, "message", verdict.message());
  }
  for (const Warning* warning = verdict.warnings_begin(); warning != verdict.warnings_end();
       ++warning) {
    std::string text(warning->id());
    if (warning->has_pointer()) text += " at " + printable(warning->pointer());
    text += ": ";
    text += warning->message();
    append_line(&out, "warning", text);
  }
  if (verdict.dropped_warnings() > 0) {
    const std::size_t dropped = verdict.dropped_warnings();
    append_line(&out, "warning",
                "... and " + std::to_string(dropped) + " more warning" + (dropped == 1 ? "" : "s") +
                    " not shown");
  }
  if (context.all_rules) {
    for (std::size_t i = 0; i < context.also_count; ++i) {
      const Verdict& also = context.also[i];
      std::string text = std::to_string(also.code_number()) + " " + std::string(also.name()) +
                         " (rule " + std::string(also.rule_id());
      if (also.has_pointer()) text += " at " + printable(also.pointer());
      if (also.has_offset()) text += ", offset " + std::to_string(also.offset());
      text += "): ";
      text += also.has_observed() ? printable(also.observed()) : std::string(also.message());
      append_line(&out, "also", text);
    }
  }
  return out;
}

std::string format_json(const Verdict& verdict, const ReportContext& context) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  const bool accepted = verdict.accepted();
  writer.StartObject();
  write_key(writer, "file");
  write_nullable(writer, !context.file.empty(), context.file);
  write_key(writer, "event");
  write_nullable(writer, verdict.has_event(), event_info(verdict.event()).name);
  write_key(writer, "verdict");
  write_string(writer, accepted ? "accepted" : "rejected");
  write_key(writer, "code");
  if (accepted) {
    writer.Null();
  } else {
    writer.Int(verdict.code_number());
  }
  write_key(writer, "name");
  write_nullable(writer, !accepted, verdict.name());
  write_key(writer, "rule");
  write_string(writer, verdict.rule_id());
  write_key(writer, "basis");
  write_string(writer, basis_name(verdict.basis()));
  write_key(writer, "pointer");
  write_nullable(writer, verdict.has_pointer(), verdict.pointer());
  write_key(writer, "offset");
  if (verdict.has_offset()) {
    writer.Uint64(verdict.offset());
  } else {
    writer.Null();
  }
  write_key(writer, "observed");
  write_nullable(writer, verdict.has_observed(), verdict.observed());
  write_key(writer, "message");
  write_string(writer, verdict.message());
  write_key(writer, "warnings");
  writer.StartArray();
  for (const Warning* warning = verdict.warnings_begin(); warning != verdict.warnings_end();
       ++warning) {
    writer.StartObject();
    write_key(writer, "rule");
    write_string(writer, warning->id());
    write_key(writer, "pointer");
    write_nullable(writer, warning->has_pointer(), warning->pointer());
    write_key(writer, "message");
    write_string(writer, warning->message());
    writer.EndObject();
  }
  writer.EndArray();
  if (context.all_rules) {
    write_key(writer, "also");
    writer.StartArray();
    for (std::size_t i = 0; i < context.also_count; ++i) {
      const Verdict& also = context.also[i];
      writer.StartObject();
      write_key(writer, "code");
      writer.Int(also.code_number());
      write_key(writer, "name");
      write_string(writer, also.name());
      write_key(writer, "rule");
      write_string(writer, also.rule_id());
      write_key(writer, "basis");
      write_string(writer, basis_name(also.basis()));
      write_key(writer, "pointer");
      write_nullable(writer, also.has_pointer(), also.pointer());
      write_key(writer, "offset");
      if (also.has_offset()) {
        writer.Uint64(also.offset());
      } else {
        writer.Null();
      }
      write_key(writer, "message");
      write_string(writer, also.message());
      write_key(writer, "observed");
      write_nullable(writer, also.has_observed(), also.observed());
      writer.EndObject();
    }
    writer.EndArray();
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string describe(const Verdict& verdict) {
  std::string out;
  if (verdict.accepted()) {
    out = "accepted";
  } else {
    out = "rejected " + std::to_string(verdict.code_number()) + " " + std::string(verdict.name());
  }
  out += " (event " +
         std::string(verdict.has_event() ? event_info(verdict.event()).name : "not needed") +
         ", rule " + std::string(verdict.rule_id()) + ", step " + std::string(verdict.info().step);
  if (verdict.has_pointer()) out += ", pointer \"" + printable(verdict.pointer()) + "\"";
  if (verdict.has_offset()) out += ", offset " + std::to_string(verdict.offset());
  if (verdict.has_observed() && verdict.observed().size() <= kDescribeObservedLimit)
    out += ", observed \"" + printable(verdict.observed()) + "\"";
  for (const Warning* warning = verdict.warnings_begin(); warning != verdict.warnings_end();
       ++warning) {
    out += warning == verdict.warnings_begin() ? ", warnings " : " ";
    out += warning->id();
    if (warning->has_pointer()) out += "@" + printable(warning->pointer());
  }
  if (verdict.dropped_warnings() > 0) {
    out += " +" + std::to_string(verdict.dropped_warnings()) + " dropped";
  }
  out += ")";
  return out;
}

void PrintTo(const Verdict& verdict, std::ostream* os) { *os << describe(verdict); }

}  // namespace entracheck
