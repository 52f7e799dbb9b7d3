// The schema files as valijson 1.0 sees them: each one is a valid draft-07 schema (checked
// against the meta-schema), and every event's response schema compiles into the reference
// checker's layers.
#include <dirent.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "entracheck/checker.h"
#include "json_backend.h"

namespace entracheck {
namespace {

const std::string kSchemasDir = std::string(ENTRACHECK_SOURCE_DIR) + "/schemas";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> schema_files() {
  std::vector<std::string> files;
  if (DIR* dir = opendir(kSchemasDir.c_str())) {
    while (const dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      const std::string suffix = ".schema.json";
      if (name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        files.push_back(name);
      }
    }
    closedir(dir);
  }
  return files;
}

TEST(SchemaFiles, EveryFileIsAValidDraft07Schema) {
  const std::string meta_text = read(kSchemasDir + "/meta/draft-07.schema.json");
  rapidjson::Document meta;
  meta.Parse(meta_text.data(), meta_text.size());
  ASSERT_FALSE(meta.HasParseError());
  valijson::Schema meta_schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.populateSchema(valijson::adapters::RapidJsonAdapter(meta), meta_schema);

  // The meta-schema does reject a broken schema.
  rapidjson::Document broken;
  const std::string_view broken_text = R"({"type": 5, "required": "data"})";
  broken.Parse(broken_text.data(), broken_text.size());
  valijson::Validator meta_validator;
  EXPECT_FALSE(
      meta_validator.validate(meta_schema, valijson::adapters::RapidJsonAdapter(broken), nullptr));

  const std::vector<std::string> files = schema_files();
  EXPECT_EQ(files.size(), 13u);  // six responses, six requests, the extension configuration
  for (const std::string& name : files) {
    const std::string text = read(kSchemasDir + "/" + name);
    rapidjson::Document doc;
    doc.Parse<internal::kRapidJsonDomParseFlags>(text.data(), text.size());
    ASSERT_FALSE(doc.HasParseError()) << name;
    valijson::Validator validator;
    valijson::ValidationResults results;
    EXPECT_TRUE(
        validator.validate(meta_schema, valijson::adapters::RapidJsonAdapter(doc), &results))
        << name;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) ADD_FAILURE() << name << ": " << error.description;
    // Schemas usable with any validator: std::regex (libstdc++) crashes on long strings.
    EXPECT_EQ(text.find("\"pattern\""), std::string::npos) << name;
    EXPECT_EQ(text.find("\"format\""), std::string::npos) << name;
  }
}

TEST(SchemaFiles, EveryResponseSchemaCompilesIntoTheReferenceChecker) {
  for (const EventInfo& info : events()) {
    const Checker checker(info.event, Policy(), Engine::kSchema);
    EXPECT_TRUE(checker.ok()) << info.name << ": " << checker.error();
  }
}

}  // namespace
}  // namespace entracheck
