// JOSE work through Debian's cjose (over OpenSSL): the passwordSubmit JWE, and RS256 JWT
// signature checks against a JWKS. No cryptography is written here; this file only moves bytes
// between OpenSSL, cjose, zlib and compact serializations.
#ifndef ENTRACHECK_CLI_JOSE_UTIL_H_
#define ENTRACHECK_CLI_JOSE_UTIL_H_

#include <optional>
#include <string>
#include <string_view>

namespace entracheck::cli {

// base64url without padding (RFC 7515 section 2), through libjose.
std::string b64url_encode(std::string_view bytes);
std::optional<std::string> b64url_decode(std::string_view text);

// Encrypts `plaintext` to the RSA public key of the X.509 certificate in `cert_pem` as Entra
// encrypts passwordSubmit's encryptedPasswordContext: alg RSA-OAEP, enc A128CBC-HS256, zip DEF,
// x5t = base64url(SHA-1 of the certificate's DER). Returns the compact serialization, or
// nullopt with `error` set to one sentence.
std::optional<std::string> jwe_encrypt_for_certificate(std::string_view cert_pem,
                                                       std::string_view plaintext,
                                                       std::string* error);

// Decrypts a compact JWE with the RSA private key in `key_pem` (used by the tests, and a
// reference for API teams); nullopt with `error` on failure.
std::optional<std::string> jwe_decrypt(std::string_view compact, std::string_view key_pem,
                                       std::string* error);

// Verifies the signature of the compact JWS `token` against the key set in `jwks_json` (a JWKS
// object or one JWK). Only RS256 is accepted. On success `kid_used` names the key.
bool jws_verify_rs256(std::string_view token, std::string_view jwks_json, std::string* kid_used,
                      std::string* error);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_JOSE_UTIL_H_
