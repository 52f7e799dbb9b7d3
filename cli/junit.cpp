// Written with libxml2's xmlTextWriter, which escapes text and attributes as XML requires.
#include "junit.h"

#include <libxml/xmlwriter.h>

#include <cstdio>
#include <memory>

#include "text.h"

namespace entracheck::cli {
namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

// XML 1.0 allows no C0 control character but tab and newlines, and only valid UTF-8: the
// library's printable() gives \xNN and U+FFFD instead, line by line so newlines stay.
std::string xml_text(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += printable(std::string_view(text).substr(start, end - start));
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

class Writer {
 public:
  Writer() : buffer_(xmlBufferCreate()) {
    if (buffer_ != nullptr) writer_ = xmlNewTextWriterMemory(buffer_, 0);
  }
  ~Writer() {
    if (writer_ != nullptr) xmlFreeTextWriter(writer_);
    if (buffer_ != nullptr) xmlBufferFree(buffer_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  bool ok() const { return writer_ != nullptr && ok_; }
  void check(int result) { ok_ = ok_ && result >= 0; }
  xmlTextWriterPtr get() { return writer_; }

  void start(const char* element) { check(xmlTextWriterStartElement(writer_, x(element))); }
  void end() { check(xmlTextWriterEndElement(writer_)); }
  void attribute(const char* name, const std::string& value) {
    check(xmlTextWriterWriteAttribute(writer_, x(name), x(xml_text(value).c_str())));
  }
  void text(const std::string& value) {
    check(xmlTextWriterWriteString(writer_, x(xml_text(value).c_str())));
  }
  // Flushes the writer: the document so far.
  std::string contents() {
    check(xmlTextWriterFlush(writer_));
    const xmlChar* content = xmlBufferContent(buffer_);
    return content == nullptr ? std::string()
                              : std::string(reinterpret_cast<const char*>(content),
                                            static_cast<std::size_t>(xmlBufferLength(buffer_)));
  }

 private:
  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr writer_ = nullptr;
  bool ok_ = true;
};

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

std::string format_junit(const std::vector<JunitCase>& cases, std::string* reason) {
  std::size_t failures = 0;
  std::size_t errors = 0;
  for (const JunitCase& c : cases) {
    if (c.kind == JunitCase::Kind::kFailure) ++failures;
    if (c.kind == JunitCase::Kind::kError) ++errors;
  }
  Writer w;
  if (!w.ok()) {
    *reason = "libxml2 could not set up its writer";
    return "";
  }
  w.check(xmlTextWriterSetIndent(w.get(), 1));
  w.check(xmlTextWriterSetIndentString(w.get(), x("  ")));
  w.check(xmlTextWriterStartDocument(w.get(), nullptr, "UTF-8", nullptr));
  const auto counts = [&] {
    w.attribute("tests", std::to_string(cases.size()));
    w.attribute("failures", std::to_string(failures));
    w.attribute("errors", std::to_string(errors));
  };
  w.start("testsuites");
  w.attribute("name", "entracheck");
  counts();
  w.start("testsuite");
  w.attribute("name", "entracheck check");
  counts();
  w.attribute("skipped", "0");
  for (const JunitCase& c : cases) {
    w.start("testcase");
    w.attribute("classname", c.classname);
    w.attribute("name", c.name);
    if (c.seconds) w.attribute("time", seconds_text(*c.seconds));
    if (c.kind != JunitCase::Kind::kPassed) {
      w.start(c.kind == JunitCase::Kind::kFailure ? "failure" : "error");
      w.attribute("type", c.type);
      w.attribute("message", c.message);
      w.text(c.body);
      w.end();
    }
    w.end();
  }
  w.end();
  w.end();
  w.check(xmlTextWriterEndDocument(w.get()));
  std::string xml = w.contents();
  if (!w.ok()) {
    *reason = "libxml2 could not write the report";
    return "";
  }
  return xml;
}

}  // namespace entracheck::cli
