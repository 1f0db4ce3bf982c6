#include "cli/cli.hpp"

int main(int argc, char** argv) { return vellum::cli::run(argc, argv); }
