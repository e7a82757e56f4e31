// Copyright (c) 2026 The couler authors. Distributed under the Apache License, Version 2.0.
#ifndef COULER_WORKLOAD_SCENARIOS_HPP
#define COULER_WORKLOAD_SCENARIOS_HPP

/// @file
/// @brief Generators for the paper's three caching scenarios (§VI.C, Appendix D).
///
/// The paper gives only pod and model counts; the shape is ours, the same for all three:
/// ingest and preprocess per data source (a train feature set and a validation split each),
/// an optional fusion step, one training pod per model, evaluation pods over groups of models,
/// then select, system test and model update (the paper's "system testing modules and model
/// update modules"). Sizes and run times are drawn from fixed ranges with a seeded generator,
/// so a seed always gives the same workflow. Intermediate data is 40–90 GB, so the paper's
/// 10, 20 and 30 GB caches bind.
///
/// | scenario            | pods | models | sources | fusion | eval pods |
/// |---------------------|------|--------|---------|--------|-----------|
/// | multimodal training | 37   | 19     | 3       | yes    | 8         |
/// | image segmentation  | 15   | 8      | 1       | no     | 2         |
/// | LM fine-tuning      | 21   | 11     | 2       | no     | 3         |

#include <couler/ir/workflow.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace couler {
namespace workload {

/// @brief The paper's three scenarios.
enum class scenario { multimodal_training, image_segmentation, lm_finetuning };

/// @brief All scenarios, in the paper's order.
inline constexpr std::array<scenario, 3> all_scenarios{scenario::multimodal_training, scenario::image_segmentation,
                                                       scenario::lm_finetuning};

/// @brief The scenario's name: `multimodal-training`, `image-segmentation`, `lm-finetuning`.
std::string_view to_string(scenario s) noexcept;

/// @brief Parses a scenario name; false if unknown.
bool from_string(std::string_view name, scenario& out) noexcept;

/// @brief Options of the generators.
struct scenario_options {
    std::uint64_t seed = 1; ///< same seed, same workflow
};

/// @brief Generates the scenario's workflow: steps with `cost_seconds`, artifacts with `size_bytes`.
workflow generate(scenario s, const scenario_options& o = {});

} // namespace workload
} // namespace couler

#if !defined(COULER_SEPARATE_COMPILATION) || defined(COULER_SOURCE)
#include <couler/workload/impl/scenarios.hpp>
#endif

#endif
