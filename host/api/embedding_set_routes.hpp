// GET /api/embedding-sets: every set with its coverage, vectors and role in the running snapshot.
// POST /api/embedding-sets/{id}/activate (admin; id may be "previous"): an operator's cut-over or
// rollback, answered once the server searches the activated set.
#pragma once

#include "api/routes.hpp"
#include "embeddings/switch_coordinator.hpp"
#include "http/router.hpp"

namespace vellum::api {

void register_embedding_set_routes(http::Router& router, ApiServices& services,
                                   embeddings::SwitchCoordinator& coordinator);

}  // namespace vellum::api
