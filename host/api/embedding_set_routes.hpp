// GET /api/embedding-sets: every set with its coverage, vectors and role in the running snapshot.
// POST /api/embedding-sets/{id}/activate (admin; id may be "previous"): an operator's cut-over or
// rollback, answered once the server searches the activated set.
// POST /api/embedding-sets/compare (admin): two kept-current sets' answers to the same queries.
#pragma once

#include "api/routes.hpp"
#include "embeddings/switch_coordinator.hpp"
#include "http/router.hpp"

namespace vellum::api {

// The three routes (it calls register_embedding_set_compare_route, in embedding_set_compare_route.cpp).
void register_embedding_set_routes(http::Router& router, ApiServices& services,
                                   embeddings::SwitchCoordinator& coordinator);
void register_embedding_set_compare_route(http::Router& router, ApiServices& services);

}  // namespace vellum::api
