// libjose 11 (Debian bookworm) fails RSA-OAEP key wrapping on OpenSSL 3, so the JOSE work goes
// through Debian's cjose (RSA-OAEP, A128CBC-HS256, RS256). cjose has no JWE compression: the
// "zip":"DEF" plaintext is raw DEFLATE (RFC 7516 section 4.1.3) made with zlib before cjose
// encrypts it.
#include "jose_util.h"

#include <cjose/cjose.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <zlib.h>

#include <memory>
#include <vector>

namespace entracheck::cli {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* x509) const { X509_free(x509); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct JwkDeleter {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};
struct JweDeleter {
  void operator()(cjose_jwe_t* jwe) const { cjose_jwe_release(jwe); }
};
struct JwsDeleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct HeaderDeleter {
  void operator()(cjose_header_t* header) const { cjose_header_release(header); }
};
using Jwk = std::unique_ptr<cjose_jwk_t, JwkDeleter>;

void cjose_free(void* p) { cjose_get_dealloc()(p); }

std::unique_ptr<BIO, BioDeleter> memory_bio(std::string_view bytes) {
  return std::unique_ptr<BIO, BioDeleter>(
      BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

std::vector<std::uint8_t> bn_param(const EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  std::vector<std::uint8_t> out;
  if (EVP_PKEY_get_bn_param(key, name, &bn) == 1 && bn != nullptr) {
    out.resize(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, out.data());
  }
  BN_clear_free(bn);
  return out;
}

// The cjose key for an OpenSSL RSA key (public, or private when `with_private`).
Jwk rsa_jwk(const EVP_PKEY* key, bool with_private) {
  std::vector<std::uint8_t> n = bn_param(key, OSSL_PKEY_PARAM_RSA_N);
  std::vector<std::uint8_t> e = bn_param(key, OSSL_PKEY_PARAM_RSA_E);
  std::vector<std::uint8_t> d, p, q, dp, dq, qi;
  cjose_jwk_rsa_keyspec spec{};
  spec.n = n.data();
  spec.nlen = n.size();
  spec.e = e.data();
  spec.elen = e.size();
  if (with_private) {
    d = bn_param(key, OSSL_PKEY_PARAM_RSA_D);
    p = bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1);
    q = bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2);
    dp = bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT1);
    dq = bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT2);
    qi = bn_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
    spec.d = d.data();
    spec.dlen = d.size();
    spec.p = p.data();
    spec.plen = p.size();
    spec.q = q.data();
    spec.qlen = q.size();
    spec.dp = dp.data();
    spec.dplen = dp.size();
    spec.dq = dq.data();
    spec.dqlen = dq.size();
    spec.qi = qi.data();
    spec.qilen = qi.size();
  }
  if (n.empty() || e.empty()) return nullptr;
  return Jwk(cjose_jwk_create_RSA_spec(&spec, nullptr));
}

std::vector<std::string_view> split_dots(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Raw DEFLATE (no zlib header), as JWE's "zip":"DEF" requires.
std::optional<std::string> deflate_raw(std::string_view in) {
  z_stream s{};
  if (deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&s, static_cast<uLong>(in.size())), '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> inflate_raw(std::string_view in) {
  z_stream s{};
  if (inflateInit2(&s, -15) != Z_OK) return std::nullopt;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buffer[4096];
  int rc = Z_OK;
  while (rc == Z_OK && out.size() < (1u << 20)) {  // a password context is tiny
    s.next_out = reinterpret_cast<Bytef*>(buffer);
    s.avail_out = sizeof buffer;
    rc = inflate(&s, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - s.avail_out);
  }
  inflateEnd(&s);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::string json_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  const auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

}  // namespace

std::string b64url_encode(std::string_view bytes) {
  char* out = nullptr;
  std::size_t size = 0;
  if (!cjose_base64url_encode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
                              &out, &size, nullptr)) {
    return "";
  }
  std::string text(out, size);
  cjose_free(out);
  return text;
}

std::optional<std::string> b64url_decode(std::string_view text) {
  std::uint8_t* out = nullptr;
  std::size_t size = 0;
  if (!cjose_base64url_decode(text.data(), text.size(), &out, &size, nullptr)) {
    return std::nullopt;
  }
  std::string bytes(reinterpret_cast<const char*>(out), size);
  cjose_free(out);
  return bytes;
}

std::optional<std::string> jwe_encrypt_for_certificate(std::string_view cert_pem,
                                                       std::string_view plaintext,
                                                       std::string* error) {
  auto bio = memory_bio(cert_pem);
  std::unique_ptr<X509, X509Deleter> cert(
      bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) {
    *error = "the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
    return std::nullopt;
  }
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(X509_get_pubkey(cert.get()));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    *error = "the certificate's key is not an RSA key (Entra encrypts with RSA-OAEP)";
    return std::nullopt;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (X509_digest(cert.get(), EVP_sha1(), digest, &digest_size) != 1) {
    *error = "cannot compute the certificate's SHA-1 thumbprint";
    return std::nullopt;
  }
  const std::string x5t =
      b64url_encode(std::string_view(reinterpret_cast<const char*>(digest), digest_size));
  Jwk jwk = rsa_jwk(key.get(), false);
  const std::optional<std::string> compressed = deflate_raw(plaintext);
  std::unique_ptr<cjose_header_t, HeaderDeleter> header(cjose_header_new(nullptr));
  if (!jwk || !compressed || !header ||
      !cjose_header_set(header.get(), CJOSE_HDR_ALG, CJOSE_HDR_ALG_RSA_OAEP, nullptr) ||
      !cjose_header_set(header.get(), CJOSE_HDR_ENC, CJOSE_HDR_ENC_A128CBC_HS256, nullptr) ||
      !cjose_header_set(header.get(), "zip", "DEF", nullptr) ||
      !cjose_header_set(header.get(), "x5t", x5t.c_str(), nullptr)) {
    *error = "cannot prepare the JWE (key, header or compression)";
    return std::nullopt;
  }
  cjose_err err{};
  std::unique_ptr<cjose_jwe_t, JweDeleter> jwe(cjose_jwe_encrypt(
      jwk.get(), header.get(), reinterpret_cast<const std::uint8_t*>(compressed->data()),
      compressed->size(), &err));
  char* compact = jwe ? cjose_jwe_export(jwe.get(), &err) : nullptr;
  if (compact == nullptr) {
    *error = std::string("cjose could not encrypt: ") + (err.message ? err.message : "unknown");
    return std::nullopt;
  }
  std::string out(compact);
  cjose_free(compact);
  return out;
}

std::optional<std::string> jwe_decrypt(std::string_view compact, std::string_view key_pem,
                                       std::string* error) {
  auto bio = memory_bio(key_pem);
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    *error = "the file holds no PEM RSA private key";
    return std::nullopt;
  }
  Jwk jwk = rsa_jwk(key.get(), true);
  cjose_err err{};
  std::unique_ptr<cjose_jwe_t, JweDeleter> jwe(
      cjose_jwe_import(compact.data(), compact.size(), &err));
  if (!jwk || !jwe) {
    *error = "not a compact JWE (five base64url parts separated by dots)";
    return std::nullopt;
  }
  std::size_t size = 0;
  std::uint8_t* plain = cjose_jwe_decrypt(jwe.get(), jwk.get(), &size, &err);
  if (plain == nullptr) {
    *error = "the JWE does not decrypt with this key";
    return std::nullopt;
  }
  std::string bytes(reinterpret_cast<const char*>(plain), size);
  cjose_free(plain);
  const char* zip = cjose_header_get(cjose_jwe_get_protected(jwe.get()), "zip", nullptr);
  if (zip != nullptr && std::string_view(zip) == "DEF") {
    std::optional<std::string> inflated = inflate_raw(bytes);
    if (!inflated) {
      *error = "the JWE says zip DEF but its plaintext is not raw DEFLATE data";
      return std::nullopt;
    }
    return inflated;
  }
  return bytes;
}

bool jws_verify_rs256(std::string_view token, std::string_view jwks_json, std::string* kid_used,
                      std::string* error) {
  const std::vector<std::string_view> parts = split_dots(token);
  if (parts.size() != 3) {
    *error = "a signed JWT has three parts separated by dots";
    return false;
  }
  const std::optional<std::string> header_text = b64url_decode(parts[0]);
  rapidjson::Document header;
  if (!header_text || header.Parse(header_text->c_str(), header_text->size()).HasParseError() ||
      !header.IsObject()) {
    *error = "the token header is not base64url-encoded JSON";
    return false;
  }
  const std::string alg = json_member(header, "alg");
  if (alg != "RS256") {
    *error = "the token's alg is '" + alg + "'; only RS256 (what Entra signs with) is verified";
    return false;
  }
  const std::string kid = json_member(header, "kid");
  rapidjson::Document keys;
  if (keys.Parse(jwks_json.data(), jwks_json.size()).HasParseError() || !keys.IsObject()) {
    *error = "the key set is not a JSON object";
    return false;
  }
  std::vector<const rapidjson::Value*> candidates;
  const auto list = keys.FindMember("keys");
  if (list != keys.MemberEnd() && list->value.IsArray()) {
    for (const rapidjson::Value& key : list->value.GetArray()) {
      if (json_member(key, "kty") != "RSA") continue;
      if (!kid.empty() && json_member(key, "kid") != kid) continue;
      candidates.push_back(&key);
    }
  } else if (keys.HasMember("kty")) {
    candidates.push_back(&keys);
  } else {
    *error = "the key set has no \"keys\" array";
    return false;
  }
  if (candidates.empty()) {
    *error = kid.empty() ? "the key set has no RSA key"
                         : "the key set has no RSA key with the token's kid '" + kid + "'";
    return false;
  }
  const std::string compact(token);
  std::unique_ptr<cjose_jws_t, JwsDeleter> jws(
      cjose_jws_import(compact.c_str(), compact.size(), nullptr));
  if (!jws) {
    *error = "the token is not a compact JWS";
    return false;
  }
  for (const rapidjson::Value* key : candidates) {
    rapidjson::Document one;
    one.SetObject();
    for (const char* name : {"kty", "n", "e", "kid"}) {  // the public members cjose reads
      const std::string value = json_member(*key, name);
      if (value.empty()) continue;
      one.AddMember(rapidjson::Value(name, one.GetAllocator()),
                    rapidjson::Value(value.c_str(), one.GetAllocator()), one.GetAllocator());
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    one.Accept(writer);
    Jwk jwk(cjose_jwk_import(buffer.GetString(), buffer.GetSize(), nullptr));
    if (jwk && cjose_jws_verify(jws.get(), jwk.get(), nullptr)) {
      *kid_used = json_member(*key, "kid");
      return true;
    }
  }
  *error = "the signature does not verify with " +
           std::string(candidates.size() == 1 ? "the key" : "any of the keys") +
           (kid.empty() ? std::string() : " with kid '" + kid + "'");
  return false;
}

}  // namespace entracheck::cli
