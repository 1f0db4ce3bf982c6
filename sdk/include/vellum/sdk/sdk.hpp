// Everything a plugin author includes.
#pragma once

#include "vellum/sdk/abi.hpp"
#include "vellum/sdk/embedding.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/plugin_config.hpp"
#include "vellum/sdk/queue.hpp"
#include "vellum/sdk/result.hpp"
#include "vellum/sdk/storage.hpp"
#include "vellum/sdk/types.hpp"
