// Published test vectors shared by the log's tests, each with its source.
#pragma once

#include <string>
#include <string_view>

namespace ashyq::tlog::vectors {

// The example key pair of Go's golang.org/x/mod/sumdb/note (its package documentation and
// note_test.go: TestNewVerifier, TestNewSigner, TestSign, TestOpen).
constexpr std::string_view kPeterVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kPeterPrivateKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
// The second verifier key of note_test.go (TestVerifierList, TestOpen); its private key is not
// published, its signature is.
constexpr std::string_view kEnochVerifierKey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

// The example of c2sp.org/tlog-checkpoint.
inline const std::string kSpecCheckpoint =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

}  // namespace ashyq::tlog::vectors
