// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_TLS_HPP
#define COULER_NET_TLS_HPP

/// @file
/// @brief TLS settings of a client: peer and host-name verification on by default against the
/// system's CAs (or a CA file, or CA certificates in memory), client certificates for mutual
/// TLS (as kubeconfig files give them), and an explicit switch that turns verification off.

#include <couler/config.hpp>

#include <string>

namespace couler::net {

struct tls_options {
    /// @brief Verify the server's certificate chain and its host name. Turning this off makes the
    /// connection open to anyone on the path; the client logs a warning once.
    bool verify = true;
    std::string ca_file;          ///< trusted CAs (PEM file); with ca_pem empty too: the system's
    std::string ca_pem;           ///< trusted CAs as PEM text (kubeconfig certificate-authority-data)
    std::string client_cert_file; ///< client certificate chain (PEM) for mutual TLS
    std::string client_key_file;  ///< its private key (PEM)
    std::string client_cert_pem;  ///< or both as PEM text (client-certificate-data / client-key-data)
    std::string client_key_pem;
    std::string server_name;      ///< the name to send (SNI) and verify, when not the URL's host
};

} // namespace couler::net

#endif
