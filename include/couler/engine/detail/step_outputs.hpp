// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_ENGINE_DETAIL_STEP_OUTPUTS_HPP
#define COULER_ENGINE_DETAIL_STEP_OUTPUTS_HPP

// What a step invocation produced: output parameters, its result (stdout) and output artifacts
// (object ids), with the JSON form the journal and memo.log record.

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>

namespace couler {
namespace engine {
namespace detail {

struct step_outputs {
    std::map<std::string, std::string> params;
    std::optional<std::string> result;
    std::map<std::string, std::string> artifacts; ///< name -> object id

    boost::json::object to_json() const
    {
        boost::json::object o, p, a;
        for (auto& [k, v] : params)
            p[k] = v;
        for (auto& [k, v] : artifacts)
            a[k] = v;
        o["params"] = std::move(p);
        o["artifacts"] = std::move(a);
        if (result)
            o["result"] = *result;
        return o;
    }
    static step_outputs from_json(const boost::json::value& v)
    {
        step_outputs s;
        if (!v.is_object())
            return s;
        const auto& o = v.as_object();
        if (auto* p = o.if_contains("params"); p && p->is_object())
            for (auto& [k, x] : p->as_object())
                if (x.is_string())
                    s.params[std::string(k)] = std::string(x.as_string());
        if (auto* a = o.if_contains("artifacts"); a && a->is_object())
            for (auto& [k, x] : a->as_object())
                if (x.is_string())
                    s.artifacts[std::string(k)] = std::string(x.as_string());
        if (auto* r = o.if_contains("result"); r && r->is_string())
            s.result = std::string(r->as_string());
        return s;
    }
};

} // namespace detail
} // namespace engine
} // namespace couler

#endif
