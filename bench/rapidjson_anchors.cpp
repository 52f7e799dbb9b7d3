#include "rapidjson_anchors.h"

#include "json_backend.h"

namespace entracheck_bench {

namespace ec = entracheck::internal;

struct ReaderAnchor::Impl {
  rapidjson::Reader reader;
  rapidjson::BaseReaderHandler<rapidjson::UTF8<>> handler;
};

ReaderAnchor::ReaderAnchor() : impl_(new Impl) {}
ReaderAnchor::~ReaderAnchor() = default;

bool ReaderAnchor::parse(std::string_view body) {
  ec::JsonStream stream(body.data(), body.size());
  return !impl_->reader.Parse<ec::kRapidJsonParseFlags>(stream, impl_->handler).IsError();
}

bool parse_dom(std::string_view body) {
  ec::JsonStream stream(body.data(), body.size());
  rapidjson::Document document;
  document.ParseStream<ec::kRapidJsonDomParseFlags>(stream);
  return !document.HasParseError();
}

}  // namespace entracheck_bench
