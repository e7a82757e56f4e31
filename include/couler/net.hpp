// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_NET_HPP
#define COULER_NET_HPP

/// @file
/// @brief Umbrella header of couler's HTTP(S) client (Boost.Beast, Boost.URL, OpenSSL, zlib).
/// Not included by couler.hpp: link couler::net to use it.

#include <couler/net/auth.hpp>
#include <couler/net/client.hpp>
#include <couler/net/error.hpp>
#include <couler/net/gzip.hpp>
#include <couler/net/message.hpp>
#include <couler/net/proxy.hpp>
#include <couler/net/record_splitter.hpp>
#include <couler/net/retry.hpp>
#include <couler/net/stop_token.hpp>
#include <couler/net/tls.hpp>
#include <couler/net/url.hpp>

#endif
